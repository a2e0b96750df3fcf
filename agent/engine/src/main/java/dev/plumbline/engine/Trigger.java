package dev.plumbline.engine;

import java.util.Locale;

/** What asked for a reconcile; recorded in the history of every run. */
public enum Trigger {
    /** The agent started and checks every stack once. */
    STARTUP,
    /** A poll of the source found a revision the stack has not run yet. */
    POLL,
    /** A Git host announced a push. */
    WEBHOOK,
    /** The stack's drift interval came round. */
    DRIFT,
    /** A transient failure is retried after backoff. */
    RETRY,
    /** {@code plumbline apply} on the command line. */
    CLI,
    /** An operator asked through the admin API ({@code sync}). */
    MANUAL,
    /** An operator pinned the stack to an earlier revision ({@code rollback}). */
    ROLLBACK,
    /** An operator resumed a paused or pinned stack; the sync policy decides as usual. */
    RESUME;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this trigger applies the plan whatever the sync policy says (a person asked for it). */
    public boolean forcesApply() {
        return this == CLI || this == MANUAL || this == ROLLBACK;
    }
}
