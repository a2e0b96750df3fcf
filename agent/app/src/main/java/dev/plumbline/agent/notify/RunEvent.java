package dev.plumbline.agent.notify;

import dev.plumbline.config.NotificationConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a stack that notifications tell people about: what ({@code event}), in which
 * stack, at which commit (its full SHA, author and subject line), how the run ended ({@code result}, the
 * run's result word as in the history: {@code applied}, {@code failed}, {@code drifted}, ...; {@code reason},
 * its stable reason such as {@code ReconciliationSucceeded}; {@code message}, a sentence), what it changed,
 * a link to the commit on its Git host if one is known, and when.
 */
public record RunEvent(NotificationConfig.Event event, String stack, String revision, String author, String subject,
                       String result, String reason, String message, Counts counts, Optional<String> commitUrl,
                       Instant at) {

    /** What a run created, updated and deleted, and how many resources it found drifted. */
    public record Counts(int created, int updated, int deleted, int drifted) {

        public static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    public RunEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(revision, "revision");
        author = author == null ? "" : author;
        subject = subject == null ? "" : subject;
        result = result == null ? "" : result;
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        counts = counts == null ? Counts.NONE : counts;
        commitUrl = commitUrl == null ? Optional.empty() : commitUrl;
        Objects.requireNonNull(at, "at");
    }

    /** The first 7 characters of the revision, as Git shows a commit in short. */
    public String shortSha() {
        return revision.length() <= 7 ? revision : revision.substring(0, 7);
    }
}
