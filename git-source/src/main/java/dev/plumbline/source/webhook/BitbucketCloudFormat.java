package dev.plumbline.source.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bitbucket Cloud deliveries. Signed, when the webhook has a secret, in
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256>} over the raw body. The event is in {@code X-Event-Key}
 * ({@code repo:push}, {@code pullrequest:*}; others ignored), the delivery id in {@code X-Request-UUID}.
 * One push lists one or more changes in {@code push.changes}; each names its ref by <em>short</em> name and kind
 * ({@code new.name} and {@code new.type}, {@code branch} or {@code tag}), which become
 * {@code refs/heads/<name>} or {@code refs/tags/<name>}. A created ref has {@code old: null}, a deleted
 * one {@code new: null} (its name is then taken from {@code old}); SHAs are in {@code target.hash}.
 * <p>
 * A pull request's event says what happened: {@code pullrequest:created}, {@code pullrequest:updated}
 * (taken for new commits, though Bitbucket sends it for an edited title or description too),
 * {@code pullrequest:fulfilled} (merged) and {@code pullrequest:rejected} (declined); the others
 * (approvals, comments...) are {@link PullRequest.Action#OTHER}. The target repository is the top-level
 * {@code repository}, as for a push; the rest is in {@code pullrequest}: its {@code id}, {@code title},
 * {@code links.html.href} and {@code author.nickname}, and {@code source} and {@code destination}, each with
 * {@code branch.name}, {@code commit.hash} (abbreviated, usually to 12 digits) and
 * {@code repository.full_name}. Bitbucket Cloud publishes no ref for a pull request's head.
 */
final class BitbucketCloudFormat implements HostFormat {

    static final String SIGNATURE = "X-Hub-Signature";
    static final String EVENT = "X-Event-Key";
    static final String DELIVERY = "X-Request-UUID";
    static final String PUSH = "repo:push";
    static final String PULL_REQUEST_PREFIX = "pullrequest:";

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        return HmacSignature.check(GitHost.BITBUCKET_CLOUD, SIGNATURE, request.header(SIGNATURE), "sha256=",
                request.body(), secret);
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.BITBUCKET_CLOUD, request, EVENT);
        String deliveryId = DeliveryId.of(request, List.of(DELIVERY));
        if (event.startsWith(PULL_REQUEST_PREFIX)) {
            return pullRequest(deliveryId, event,
                    JsonField.parse("Bitbucket Cloud pull request delivery", request.body()));
        }
        if (!event.equals(PUSH)) {
            return new Ignored(GitHost.BITBUCKET_CLOUD, deliveryId, event);
        }
        JsonField body = JsonField.parse("Bitbucket Cloud push delivery", request.body());
        List<RefUpdate> updates = new ArrayList<>();
        for (JsonField change : body.get("push").get("changes").elements()) {
            updates.add(update(change));
        }
        PushFields.Repository repository = repository(body);
        return new Push(GitHost.BITBUCKET_CLOUD, deliveryId, repository.name(), repository.urls(), updates);
    }

    private static PullRequest pullRequest(String deliveryId, String event, JsonField body) {
        PullRequest.Action action = switch (event) {
            case "pullrequest:created" -> PullRequest.Action.OPENED;
            case "pullrequest:updated" -> PullRequest.Action.SYNCHRONIZED;
            case "pullrequest:fulfilled", "pullrequest:rejected" -> PullRequest.Action.CLOSED;
            default -> PullRequest.Action.OTHER;
        };
        JsonField pull = body.get("pullrequest");
        long number = pull.get("id").positiveInteger();
        PushFields.Repository target = repository(body);
        JsonField source = pull.get("source");
        JsonField destination = pull.get("destination");
        String headSha = source.get("commit").get("hash").abbreviatedCommitId();
        String headRef = RefUpdate.BRANCH_PREFIX + source.get("branch").get("name").text();
        String targetRef = RefUpdate.BRANCH_PREFIX + destination.get("branch").get("name").text();
        Optional<String> headName = source.get("repository").get("full_name").optionalText();
        String baseName = destination.get("repository").get("full_name").optionalText().orElse(target.name());
        boolean fromFork = headName.map(name -> !name.equalsIgnoreCase(baseName)).orElse(true);
        JsonField author = pull.get("author");
        return new PullRequest(GitHost.BITBUCKET_CLOUD, deliveryId, target.name(), target.urls(), number, action,
                targetRef, headSha, headRef, fromFork ? headName : Optional.empty(), fromFork,
                pull.get("title").text(), pull.get("links").get("html").get("href").optionalText().orElse(""),
                author.get("nickname").optionalText().or(() -> author.get("display_name").optionalText()).orElse(""));
    }

    /** The repository in {@code repository}: {@code full_name}, and the web URL, the only one Cloud sends. */
    private static PushFields.Repository repository(JsonField body) {
        JsonField repository = body.get("repository");
        String name = repository.get("full_name").text();
        List<String> urls = PushFields.repositoryUrls(body, List.of(repository.get("links").get("html").get("href")));
        return new PushFields.Repository(name, urls);
    }

    private static RefUpdate update(JsonField change) {
        JsonField before = change.get("old");
        JsonField after = change.get("new");
        if (before.isAbsent() && after.isAbsent()) {
            throw change.malformed("has neither '" + before.path() + "' nor '" + after.path()
                    + "' in a change; a change has the ref before it, after it, or both");
        }
        String ref = ref(after.isAbsent() ? before : after);
        String from = before.isAbsent() ? null : before.get("target").get("hash").commitId();
        String to = after.isAbsent() ? null : after.get("target").get("hash").commitId();
        if (from == null && to == null) {
            throw change.malformed("has no commit before or after the change of " + ref);
        }
        return new RefUpdate(ref, from, to);
    }

    private static String ref(JsonField state) {
        String name = state.get("name").text();
        String type = state.get("type").text();
        return switch (type) {
            case "branch" -> RefUpdate.BRANCH_PREFIX + name;
            case "tag" -> RefUpdate.TAG_PREFIX + name;
            default -> throw state.malformed("has '" + state.path() + ".type' = " + JsonField.quote(type)
                    + ", where branch or tag belongs");
        };
    }
}
