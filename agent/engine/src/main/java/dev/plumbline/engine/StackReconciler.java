package dev.plumbline.engine;

import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.apply.Backoff;
import dev.plumbline.engine.apply.ExecutionResult;
import dev.plumbline.engine.apply.Executor;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.port.ReconcileListener.RunScope;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.render.Renderer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one stack, always the same shape (Flux's controllers'): the gates (paused? pinned? the
 * stack's lease), resolve the revision, plan, decide by the sync policy whether to apply or only report,
 * apply, and end in {@link #finish}, the one place that writes the status, the history, the log line and
 * tells the listener (metrics, spans, events), whatever happened. Every failure ends as an outcome with a
 * stable reason, never an exception.
 */
public final class StackReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(StackReconciler.class);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration LOCKED_RETRY = Duration.ofSeconds(5);
    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    /** A concurrent writer got in between observing and writing: observe again soon. */
    private static final Backoff CONFLICT_RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    private final EnginePorts ports;
    private final StackPlanner planner;
    private final Executor executor;
    private final String owner;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    /** A reconciler taking stacks' leases as {@code owner}, abandoning runs between changes on {@code stop}. */
    public StackReconciler(EnginePorts ports, Renderer renderer, StopSignal stop, String owner) {
        this.ports = ports;
        this.planner = new StackPlanner(ports, renderer);
        this.executor = new Executor(ports.providers(), ports.store(), 3,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10)), stop, ports.listener().changes());
        this.owner = owner;
    }

    public StackPlanner planner() {
        return planner;
    }

    public ReconcileOutcome reconcile(ReconcileRequest request) {
        return reconcile(request, prepared -> { });
    }

    /** Reconciles, handing the plan to {@code onPlan} before anything is applied (the CLI prints it). */
    public ReconcileOutcome reconcile(ReconcileRequest request, Consumer<PreparedPlan> onPlan) {
        StackConfig stack = ports.config().stack(request.stack())
                .orElseThrow(() -> new IllegalArgumentException("no stack named " + request.stack()));
        StackControl control = ports.store().controls().get(stack.name());
        ReconcileRequest effective = control.pinnedRevision().map(request::withRevision).orElse(request);
        try (RunScope run = ports.listener().started(stack.name(), effective.trigger())) {
            Attempt attempt = new Attempt(stack, effective, ports.clock().instant(),
                    control.pinnedRevision().isPresent());
            if (control.paused()) {
                return skip(attempt, ReconcileOutcome.paused(stack.name()), run);
            }
            if (!ports.store().tryLock(stack.name(), owner, LEASE)) {
                return skip(attempt, ReconcileOutcome.waiting(null, Reasons.LOCKED, "another process is"
                        + " reconciling stack '" + stack.name() + "'", LOCKED_RETRY), run);
            }
            try {
                attempt.before = ports.store().status(stack.name()); // read under the lease, so it is current
                ReconcileOutcome outcome = run(attempt, onPlan, run);
                request.requestId().ifPresent(id -> ports.store().controls().handled(stack.name(), id));
                return requeue(stack.name(), outcome);
            } finally {
                ports.store().unlock(stack.name(), owner);
            }
        }
    }

    /** A run the gates stopped (paused, another holder of the lease) ends in the same place, as skipped. */
    private ReconcileOutcome skip(Attempt attempt, ReconcileOutcome outcome, RunScope run) {
        attempt.skipped = true;
        attempt.outcome = outcome;
        finish(attempt, run);
        return outcome;
    }

    /** A waiting outcome gets its backoff, counted per stack; anything else resets the count. */
    private ReconcileOutcome requeue(String stack, ReconcileOutcome outcome) {
        if (outcome.result() != ReconcileOutcome.Result.WAITING) {
            failures.remove(stack);
            return outcome;
        }
        int count = failures.merge(stack, 1, Integer::sum);
        Backoff backoff = Reasons.CONCURRENT_MODIFICATION.equals(outcome.reason()) ? CONFLICT_RETRY : RETRY;
        return outcome.requeueAfter(backoff.delay(count));
    }

    /** What one run found and did, filled in as it goes. */
    private static final class Attempt {
        final StackConfig stack;
        final ReconcileRequest request;
        final Instant started;
        final boolean pinned;
        Optional<StackStatus> before = Optional.empty();
        /** The gates stopped it: nothing was read or written, and it is neither history nor status. */
        boolean skipped;
        String revision;
        ReconcileOutcome outcome;
        RunCounts counts = RunCounts.NONE;
        int drifted;
        Long run;
        Instant committedAt;

        Attempt(StackConfig stack, ReconcileRequest request, Instant started, boolean pinned) {
            this.stack = stack;
            this.request = request;
            this.started = started;
            this.pinned = pinned;
        }

        RunStart start() {
            return new RunStart(stack.name(), revision, request.trigger().word(), request.detail(), started);
        }
    }

    private ReconcileOutcome run(Attempt attempt, Consumer<PreparedPlan> onPlan, RunScope run) {
        StackConfig stack = attempt.stack;
        ReconcileRequest request = attempt.request;
        try {
            attempt.revision = request.revision().orElseGet(() -> run.step("fetch",
                    () -> ports.snapshots().current(stack.source())
                            .orElseGet(() -> ports.snapshots().fetch(stack.source()))));
            run.revision(attempt.revision);
            PreparedPlan prepared = planner.prepare(stack, ports.snapshots().read(stack.source(), attempt.revision),
                    run);
            attempt.committedAt = prepared.snapshot().commit().commitTime();
            onPlan.accept(prepared);
            act(prepared, attempt);
        } catch (PlumblineException e) {
            attempt.outcome = failure(attempt.revision, e);
        } catch (RuntimeException e) {
            LOG.warn("stack {}: unexpected failure", stack.name(), e);
            attempt.outcome = ReconcileOutcome.waiting(attempt.revision, Reasons.INTERNAL_ERROR,
                    "unexpected failure: " + e, Duration.ZERO);
        }
        finish(attempt, run);
        return attempt.outcome;
    }

    /** Applies the plan or only reports it, as the sync policy and the trigger decide. */
    private void act(PreparedPlan prepared, Attempt attempt) {
        Plan plan = prepared.plan();
        if (!plan.problems().isEmpty()) {
            throw new StalledException(Reasons.CONFLICT, plan.problems());
        }
        boolean newRevision = !attempt.revision.equals(
                attempt.before.map(StackStatus::lastAppliedRevision).orElse(null));
        if (!SyncDecision.applies(attempt.stack.sync(), attempt.request.trigger(), newRevision, plan)) {
            attempt.drifted = plan.mutations().size();
            attempt.counts = RunCounts.planned(plan);
            attempt.outcome = report(attempt.stack, attempt.revision, plan);
            return;
        }
        if (plan.hasChanges()) {
            attempt.run = ports.store().startRun(attempt.start()); // visible in the history while it writes
        }
        ExecutionResult result = executor.execute(plan, new ApplyContext(attempt.stack.name(), attempt.revision,
                ports.clock().instant()), change -> true);
        attempt.counts = RunCounts.of(result, plan);
        attempt.outcome = outcome(attempt.revision, prepared, result);
    }

    /**
     * The one end of every run, whatever happened: the history (unless routine or skipped), the status
     * (unless skipped), the log line, and the listener's report (metrics, spans, events).
     */
    private void finish(Attempt attempt, RunScope run) {
        ReconcileOutcome outcome = attempt.outcome;
        StackConfig stack = attempt.stack;
        boolean quiet = attempt.skipped || isRoutine(attempt.request, attempt.before, outcome);
        try {
            if (attempt.skipped) {
                LOG.debug("stack {}: {} request not run: {}", stack.name(), attempt.request.trigger().word(),
                        outcome.message());
            } else if (!quiet) {
                long id = attempt.run == null ? ports.store().startRun(attempt.start()) : attempt.run;
                RunCounts counts = attempt.counts;
                ports.store().finishRun(id, new RunEnd(attempt.revision, outcome.result().word(), outcome.reason(),
                        outcome.message(), counts.created(), counts.updated(), counts.deleted(), counts.unchanged(),
                        ports.clock().instant()));
            }
            if (!attempt.skipped) {
                saveStatus(attempt);
            }
        } catch (PlumblineException e) {
            LOG.warn("stack {}: the end of the run could not be recorded: {} ({})", stack.name(), e.getMessage(),
                    e.reason());
        }
        run.finished(new RunReport(stack.name(), attempt.request.trigger(), outcome, attempt.started,
                ports.clock().instant(), attempt.drifted, movedToCommitAt(attempt), attempt.skipped));
        if (attempt.skipped) {
            return;
        }
        String line = "stack {} at {}: {} ({}) {}";
        Object[] values = {stack.name(), shortSha(attempt.revision), outcome.result().word(), outcome.reason(),
                outcome.message()};
        if (quiet) {
            LOG.debug(line, values);
        } else {
            LOG.info(line, values);
        }
    }

    /**
     * The commit time of a revision the stack converged on by moving to it by itself: not its first one, not a
     * pinned one. Time to live is counted from it.
     */
    private static Optional<Instant> movedToCommitAt(Attempt attempt) {
        String previous = attempt.before.map(StackStatus::lastAppliedRevision).orElse(null);
        if (!attempt.outcome.converged() || previous == null || attempt.committedAt == null || attempt.pinned
                || previous.equals(attempt.outcome.revision().orElse(null))) {
            return Optional.empty();
        }
        return Optional.of(attempt.committedAt);
    }

    /**
     * A drift check that found nothing, or found the same drift it reported last time, is not history
     * (otherwise the history fills with one row per drift interval); everything else is.
     */
    private static boolean isRoutine(ReconcileRequest request, Optional<StackStatus> before, ReconcileOutcome outcome) {
        if (request.trigger() != Trigger.DRIFT) {
            return false;
        }
        if (outcome.result() == ReconcileOutcome.Result.UNCHANGED) {
            return true;
        }
        return outcome.reported() && before.isPresent()
                && before.get().condition().equals(outcome.condition().word())
                && before.get().message().equals(outcome.message());
    }

    private static ReconcileOutcome report(StackConfig stack, String revision, Plan plan) {
        String differences = plan.mutations().stream().map(StackReconciler::describe)
                .collect(Collectors.joining("; "));
        if (!stack.sync().auto()) {
            return ReconcileOutcome.outOfSync(revision, plan.mutations().size()
                    + " change(s) waiting for a manual sync (auto is off): " + differences);
        }
        return ReconcileOutcome.drifted(revision, plan.mutations().size()
                + " resource(s) differ from Git and selfHeal is off: " + differences);
    }

    private static String describe(Change change) {
        String fields = change.action() == Action.UPDATE
                ? " at " + change.diff().stream().map(f -> f.path().toString()).collect(Collectors.joining(", "))
                : "";
        return change.key().display() + " (" + change.action().word() + fields + ")";
    }

    private static ReconcileOutcome outcome(String revision, PreparedPlan prepared, ExecutionResult result) {
        if (result.abandoned()) {
            return ReconcileOutcome.abandoned(revision);
        }
        var failure = result.firstFailure();
        if (failure.isPresent()) {
            return ReconcileOutcome.waiting(revision, failure.get().reason(), failure.get().message(), Duration.ZERO);
        }
        String at = "revision " + prepared.snapshot().ref() + "@" + revision;
        if (result.results().isEmpty()) {
            return ReconcileOutcome.unchanged(revision, "live state matches " + at);
        }
        return ReconcileOutcome.applied(revision, "applied " + at + ": "
                + result.count(ApplyResult.Outcome.CREATED) + " created, "
                + result.count(ApplyResult.Outcome.UPDATED) + " updated, "
                + result.count(ApplyResult.Outcome.DELETED) + " deleted");
    }

    private static ReconcileOutcome failure(String revision, PlumblineException e) {
        if (e instanceof StalledException) {
            return ReconcileOutcome.stalled(revision, e.reason(), e.getMessage());
        }
        return ReconcileOutcome.waiting(revision, e.reason(), e.getMessage(), Duration.ZERO);
    }

    private void saveStatus(Attempt attempt) {
        ReconcileOutcome outcome = attempt.outcome;
        Optional<StackStatus> before = attempt.before;
        Instant now = ports.clock().instant();
        String attempted = outcome.revision().orElse(before.map(StackStatus::lastAttemptedRevision).orElse(null));
        String applied = before.map(StackStatus::lastAppliedRevision).orElse(null);
        Instant appliedAt = before.map(StackStatus::lastAppliedAt).orElse(null);
        if (outcome.converged()) {
            applied = outcome.revision().orElseThrow();
            appliedAt = now;
        }
        ports.store().saveStatus(new StackStatus(attempt.stack.name(), attempted, attempt.started, applied, appliedAt,
                outcome.condition().word(), outcome.reason(), outcome.message(), attempt.drifted, now));
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }
}
