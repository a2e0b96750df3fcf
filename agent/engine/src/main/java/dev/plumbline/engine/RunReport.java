package dev.plumbline.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one run ended, as the engine hands it to its listener from the one place every run ends: the
 * outcome, when it started and ended, how many resources differ from Git, and, for a run that converged on
 * a revision the stack moved to by itself (not its first, not a pinned one), that commit's time, from which
 * time-to-live is measured. {@code skipped}: the run was turned away before it read or wrote anything
 * (another process holds the stack's lease). {@code manifestsParsed}: how many manifest files the run had
 * to parse (the others were known from the stack's previous render). {@code changes}: what the run wrote, or,
 * for a run that only reported, what it found to write.
 */
public record RunReport(String stack, Trigger trigger, ReconcileOutcome outcome, Instant started, Instant ended,
                        int drifted, Optional<Instant> movedToCommitAt, boolean skipped, int manifestsParsed,
                        Changes changes) {

    /** How many objects a run created, updated and deleted (or found to, when it only reported). */
    public record Changes(int created, int updated, int deleted) {
        public static final Changes NONE = new Changes(0, 0, 0);
    }

    public RunReport {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        movedToCommitAt = movedToCommitAt == null ? Optional.empty() : movedToCommitAt;
        changes = changes == null ? Changes.NONE : changes;
    }

    /** A report without counts of changes. */
    public RunReport(String stack, Trigger trigger, ReconcileOutcome outcome, Instant started, Instant ended,
                     int drifted, Optional<Instant> movedToCommitAt, boolean skipped, int manifestsParsed) {
        this(stack, trigger, outcome, started, ended, drifted, movedToCommitAt, skipped, manifestsParsed, null);
    }

    /** A report of a run that parsed no manifest file. */
    public RunReport(String stack, Trigger trigger, ReconcileOutcome outcome, Instant started, Instant ended,
                     int drifted, Optional<Instant> movedToCommitAt, boolean skipped) {
        this(stack, trigger, outcome, started, ended, drifted, movedToCommitAt, skipped, 0);
    }

    public Duration took() {
        return Duration.between(started, ended);
    }
}
