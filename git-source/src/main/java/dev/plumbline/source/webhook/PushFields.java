package dev.plumbline.source.webhook;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads what every push delivery has, whatever the host: a ref with the SHAs before and after (all zeros
 * for "none", but not both), and at least one URL of the repository. Pull-request deliveries name their
 * target repository the same way, and are read with the same {@link Repository}.
 */
final class PushFields {

    private PushFields() {
    }

    /**
     * A repository as a delivery names it: its path on the host and its URLs (at least one), as
     * {@link Push#repository()} and {@link Push#repositoryUrls()} hold them.
     */
    record Repository(String name, List<String> urls) {
    }

    /** The update of {@code ref} from the SHAs in {@code before} and {@code after}. */
    static RefUpdate update(String ref, JsonField before, JsonField after) {
        String from = before.commitId();
        String to = after.commitId();
        if (from == null && to == null) {
            throw before.malformed("has the all-zero SHA in both '" + before.path() + "' and '" + after.path()
                    + "' for " + ref + "; a push has a commit before it, after it, or both");
        }
        return new RefUpdate(ref, from, to);
    }

    /** The URLs present among {@code fields}, in order, without duplicates; at least one. */
    static List<String> repositoryUrls(JsonField body, List<JsonField> fields) {
        return repositoryUrls(body, fields,
                fields.stream().map(field -> "'" + field.path() + "'").collect(Collectors.joining(", ")));
    }

    /** As {@link #repositoryUrls(JsonField, List)}, saying what was {@code expected} when there is none. */
    static List<String> repositoryUrls(JsonField body, List<JsonField> fields, String expected) {
        List<String> urls = JsonField.texts(fields);
        if (urls.isEmpty()) {
            throw body.malformed("names no URL of its repository; expected one in " + expected);
        }
        return urls;
    }
}
