package dev.plumbline.agent.githost;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * What the hosts share: finding, editing and posting the agent's one comment on a pull request, with the ids
 * of the comments already found kept in memory. A host supplies the three calls.
 */
abstract class HostApi implements GitHostApi {

    /** The most pages of a pull request's comments that are read to find the agent's comment. */
    static final int MAX_PAGES = 20;
    /** The most pull requests whose comment id is remembered; the oldest is forgotten first. */
    static final int MAX_REMEMBERED = 10_000;

    private record CommentKey(long pullRequest, String marker) {
    }

    private final Map<CommentKey, Long> commentIds = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<CommentKey, Long> eldest) {
                    return size() > MAX_REMEMBERED;
                }
            });

    protected final HostClient client;

    HostApi(HostClient client) {
        this.client = client;
    }

    @Override
    public final void upsertComment(long pullRequest, String marker, String body) {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(body, "body");
        if (marker.isBlank() || !body.contains(marker)) {
            throw new IllegalArgumentException("a pull request comment's body must contain its marker, or it "
                    + "cannot be found again to be edited");
        }
        CommentKey key = new CommentKey(pullRequest, marker);
        Long known = commentIds.get(key);
        if (known != null) {
            if (editComment(pullRequest, known, body)) {
                return;
            }
            commentIds.remove(key);
        } else {
            OptionalLong found = findComment(pullRequest, marker);
            if (found.isPresent() && editComment(pullRequest, found.getAsLong(), body)) {
                commentIds.put(key, found.getAsLong());
                return;
            }
        }
        OptionalLong created = createComment(pullRequest, body);
        created.ifPresent(id -> commentIds.put(key, id));
    }

    /** The id of the newest comment on the pull request whose text holds {@code marker}. */
    protected abstract OptionalLong findComment(long pullRequest, String marker);

    /** Edits comment {@code id}; false when the host no longer has it (404). */
    protected abstract boolean editComment(long pullRequest, long id, String body);

    /** Posts a new comment and answers its id, if the host's answer names it. */
    protected abstract OptionalLong createComment(long pullRequest, String body);

    /** The {@code id} of a created object in the host's answer. */
    protected OptionalLong createdId(String call, HostClient.Answer answer) {
        JsonNode id = client.json(call, answer).path("id");
        return id.canConvertToLong() ? OptionalLong.of(id.asLong()) : OptionalLong.empty();
    }

    /** The newest (highest id) of the comments that hold a marker, as the pages are read. */
    static final class Newest {
        private long id = -1;
        private final Set<Long> seen = new HashSet<>();

        /** Takes one comment in; answers whether it was not seen before on an earlier page. */
        boolean offer(JsonNode idNode, String text, String marker) {
            if (!idNode.canConvertToLong()) {
                return false;
            }
            long candidate = idNode.asLong();
            if (text != null && text.contains(marker) && candidate > id) {
                id = candidate;
            }
            return seen.add(candidate);
        }

        OptionalLong id() {
            return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
        }
    }

    /**
     * Reads numbered pages (1, 2, …) of a JSON array of comments, while a page is full and brings comments not
     * seen before (a host that ignores the page parameter answers the same list again), at most
     * {@link #MAX_PAGES}. {@code nextPage} may answer the next page from the answer's headers, or -1 for
     * "decide by the page's size", 0 for "no more".
     */
    protected OptionalLong newestInPages(String call, IntFunction<URI> page, int pageSize, String textField,
            String marker, ToIntFunction<HostClient.Answer> nextPage) {
        Newest newest = new Newest();
        int number = 1;
        for (int read = 0; read < MAX_PAGES && number > 0; read++) {
            HostClient.Answer answer = client.send(call, "GET", page.apply(number), null);
            JsonNode list = client.json(call, answer);
            if (!list.isArray()) {
                throw client.unexpected(call, answer, "something that is not a list of comments");
            }
            boolean fresh = false;
            for (JsonNode comment : list) {
                fresh |= newest.offer(comment.path("id"), comment.path(textField).asText(null), marker);
            }
            int next = nextPage.applyAsInt(answer);
            if (next < 0) {
                next = list.size() >= pageSize && fresh ? number + 1 : 0;
            } else if (!fresh || next <= number) {
                next = 0;
            }
            number = next;
        }
        return newest.id();
    }

    /**
     * A build key of at most {@code max} characters: the context itself, or, when longer, its start and the
     * first 8 hex digits of its SHA-256, so that two long contexts with the same start stay apart.
     */
    static String key(String context, int max) {
        if (context.length() <= max) {
            return context;
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(context.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        int keep = max - 9;
        if (Character.isHighSurrogate(context.charAt(keep - 1))) {
            keep--;
        }
        return context.substring(0, keep) + "-" + hash;
    }
}
