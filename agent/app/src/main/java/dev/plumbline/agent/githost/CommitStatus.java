package dev.plumbline.agent.githost;

import java.util.Objects;
import java.util.Optional;

/**
 * A commit status as Plumbline posts it: {@code context} tells Plumbline's statuses apart from other systems'
 * (and one source's from another's), {@code description} is a short sentence shown beside it and
 * {@code targetUrl} where it links to. Every host keeps the latest status per commit and context.
 *
 * <p>The description is cut to {@value #DESCRIPTION_LIMIT} characters (ending in "…") before it is sent:
 * {@link #sentDescription()}.
 */
public record CommitStatus(String context, State state, String description, Optional<String> targetUrl) {

    /** The most characters of a description that are sent. */
    public static final int DESCRIPTION_LIMIT = 140;

    /** What the status says; each host has its own words for these. */
    public enum State { PENDING, SUCCESS, FAILURE }

    public CommitStatus {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(state, "state");
        description = description == null ? "" : description;
        targetUrl = targetUrl == null ? Optional.empty() : targetUrl.filter(url -> !url.isBlank());
        if (context.isBlank()) {
            throw new IllegalArgumentException("a commit status needs a context");
        }
    }

    /** The description as sent: at most {@value #DESCRIPTION_LIMIT} characters, a longer one cut and ending in "…". */
    public String sentDescription() {
        return cut(description, DESCRIPTION_LIMIT);
    }

    /** {@code text} if it has at most {@code limit} characters (code points), else its start and "…" in {@code limit}. */
    static String cut(String text, int limit) {
        if (text.codePointCount(0, text.length()) <= limit) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, limit - 1)) + "…";
    }
}
