package dev.plumbline.agent.reconcile;

import dev.plumbline.agent.Workspace;
import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.agent.telemetry.ReconcileTracer;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.agent.telemetry.TraceScope;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.apply.Backoff;
import dev.plumbline.engine.apply.ExecutionResult;
import dev.plumbline.engine.apply.Executor;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.config.StackConfig;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.TransactionalProvider;
import dev.plumbline.source.git.GitMirror;
import java.time.Clock;
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
 * One reconcile of one stack, always the same shape: take the stack's lease, resolve the revision, record
 * the run, plan, decide by the sync policy whether to apply or only report, apply, and always write the
 * status and the end of the run. Every failure ends as an outcome with a stable reason, never an exception.
 */
public final class StackReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(StackReconciler.class);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    /** A concurrent writer got in between observing and writing: observe again soon. */
    private static final Backoff CONFLICT_RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));

    private final Workspace workspace;
    private final ReconcileTracer tracer;
    private final AgentMetrics metrics;
    private final StackPlanner planner;
    private final Executor executor;
    private final Clock clock;
    private final String owner;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public StackReconciler(Workspace workspace, Clock clock, StopSignal stop, String owner) {
        this(workspace, clock, stop, owner, Telemetry.off());
    }

    /** A reconciler whose runs are traced and counted by {@code telemetry}. */
    public StackReconciler(Workspace workspace, Clock clock, StopSignal stop, String owner, Telemetry telemetry) {
        this.workspace = workspace;
        this.tracer = telemetry.tracer();
        this.metrics = telemetry.metrics();
        this.planner = new StackPlanner(workspace, tracer);
        this.executor = new Executor(workspace.providers(), workspace.store(), 3,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10)), stop, telemetry.executionListener());
        this.clock = clock;
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
        StackConfig stack = workspace.config().stack(request.stack())
                .orElseThrow(() -> new IllegalArgumentException("no stack named " + request.stack()));
        StackControl control = workspace.store().controls().get(stack.name());
        if (control.paused()) {
            LOG.debug("stack {} is paused; {} request not run", stack.name(), request.trigger().word());
            return ReconcileOutcome.paused(stack.name());
        }
        if (!workspace.store().tryLock(stack.name(), owner, LEASE)) {
            return ReconcileOutcome.waiting("Locked", "another process is reconciling stack '" + stack.name()
                    + "'", Duration.ofSeconds(5));
        }
        try {
            ReconcileRequest effective = control.pinnedRevision().map(request::withRevision).orElse(request);
            ReconcileOutcome outcome;
            try (TraceScope trace = tracer.reconcile(stack.name(), effective.trigger().word())) {
                outcome = run(stack, effective, onPlan, trace, control.pinnedRevision().isPresent());
            }
            request.requestId().ifPresent(id -> workspace.store().controls().handled(stack.name(), id));
            if (outcome.result() == ReconcileOutcome.Result.FAILED) {
                int count = failures.merge(stack.name(), 1, Integer::sum);
                Backoff backoff = TransactionalProvider.CONFLICT.equals(outcome.reason()) ? CONFLICT_RETRY : RETRY;
                return ReconcileOutcome.failed(outcome.revision().orElse(null), outcome.reason(), outcome.message(),
                        backoff.delay(count));
            }
            failures.remove(stack.name());
            return outcome;
        } finally {
            workspace.store().unlock(stack.name(), owner);
        }
    }

    /** What one run found and did, filled in as it goes. */
    private static final class Attempt {
        final Instant started;
        final Optional<StackStatus> before;
        ReconcileOutcome outcome;
        RunCounts counts = RunCounts.NONE;
        int drifted;
        Long run;
        Instant committedAt;

        Attempt(Instant started, Optional<StackStatus> before) {
            this.started = started;
            this.before = before;
        }
    }

    private ReconcileOutcome run(StackConfig stack, ReconcileRequest request, Consumer<PreparedPlan> onPlan,
                                 TraceScope trace, boolean pinned) {
        Attempt attempt = new Attempt(clock.instant(), workspace.store().status(stack.name()));
        GitMirror mirror = workspace.mirror(stack.source());
        String revision;
        try {
            revision = request.revision().orElseGet(() -> tracer.step("fetch",
                    () -> mirror.resolve().orElseGet(() -> mirror.fetch().sha())));
        } catch (PlumblineException e) {
            attempt.outcome = failure(null, e);
            saveStatus(stack, attempt);
            observed(stack, attempt, trace, pinned);
            return attempt.outcome;
        }
        trace.revision(revision);
        RunStart start = new RunStart(stack.name(), revision, request.trigger().word(), request.detail(),
                attempt.started);
        try {
            PreparedPlan prepared = planner.prepare(stack, mirror.snapshot(revision));
            attempt.committedAt = prepared.snapshot().commit().commitTime();
            onPlan.accept(prepared);
            act(stack, request, revision, prepared, start, attempt);
        } catch (PlumblineException e) {
            attempt.outcome = failure(revision, e);
        } catch (RuntimeException e) {
            LOG.warn("stack {}: unexpected failure", stack.name(), e);
            attempt.outcome = ReconcileOutcome.failed(revision, "InternalError", "unexpected failure: " + e,
                    Duration.ZERO);
        }
        record(stack, request, revision, start, attempt);
        observed(stack, attempt, trace, pinned);
        return attempt.outcome;
    }

    /** Applies the plan or only reports it, as the sync policy and the trigger decide. */
    private void act(StackConfig stack, ReconcileRequest request, String revision, PreparedPlan prepared,
                     RunStart start, Attempt attempt) {
        Plan plan = prepared.plan();
        if (!plan.problems().isEmpty()) {
            throw new StalledException("Conflict", plan.problems());
        }
        boolean newRevision = !revision.equals(attempt.before.map(StackStatus::lastAppliedRevision).orElse(null));
        if (decide(stack, request.trigger(), newRevision, plan) == Decision.REPORT) {
            attempt.drifted = plan.mutations().size();
            attempt.counts = RunCounts.planned(plan);
            attempt.outcome = report(stack, revision, plan);
            return;
        }
        if (plan.hasChanges()) {
            attempt.run = workspace.store().startRun(start); // visible in the history while it writes
        }
        ExecutionResult result = executor.execute(plan, new ApplyContext(stack.name(), revision, clock.instant()),
                change -> true);
        attempt.counts = RunCounts.of(result, plan);
        attempt.outcome = outcome(revision, prepared, result);
    }

    /** Writes the end of the run into the history (unless routine) and the stack's status, and logs it. */
    private void record(StackConfig stack, ReconcileRequest request, String revision, RunStart start,
                        Attempt attempt) {
        ReconcileOutcome outcome = attempt.outcome;
        boolean quiet = isRoutine(request, attempt.before, outcome);
        if (!quiet) {
            long run = attempt.run == null ? workspace.store().startRun(start) : attempt.run;
            RunCounts counts = attempt.counts;
            workspace.store().finishRun(run, new RunEnd(revision, resultWord(outcome), outcome.reason(),
                    outcome.message(), counts.created(), counts.updated(), counts.deleted(), counts.unchanged(),
                    clock.instant()));
        }
        saveStatus(stack, attempt);
        String line = "stack {} at {}: {} ({}) {}";
        Object[] values = {stack.name(), shortSha(revision), resultWord(outcome), outcome.reason(), outcome.message()};
        if (quiet) {
            LOG.debug(line, values);
        } else {
            LOG.info(line, values);
        }
    }

    /**
     * The run as traces and metrics see it. Time to converge is counted from the commit's time, only for a
     * revision the stack moved to by itself (not its first one, not a pinned one).
     */
    private void observed(StackConfig stack, Attempt attempt, TraceScope trace, boolean pinned) {
        ReconcileOutcome outcome = attempt.outcome;
        Instant ended = clock.instant();
        trace.result(resultWord(outcome), outcome.reason(), outcome.message());
        metrics.reconciled(stack.name(), resultWord(outcome), Duration.between(attempt.started, ended));
        metrics.driftedResources(stack.name(), attempt.drifted);
        if (outcome.converged()) {
            metrics.lastApplied(stack.name(), ended);
            String previous = attempt.before.map(StackStatus::lastAppliedRevision).orElse(null);
            if (previous != null && attempt.committedAt != null && !pinned
                    && !previous.equals(outcome.revision().orElse(null))) {
                metrics.commitApplied(stack.name(), attempt.committedAt, ended);
            }
        }
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
        return outcome.result() == ReconcileOutcome.Result.REPORTED && before.isPresent()
                && before.get().condition().equals(condition(outcome))
                && before.get().message().equals(outcome.message());
    }

    private enum Decision { APPLY, REPORT }

    /** Argo CD's rules: a person's request or a new revision under auto-sync applies; drift heals only with selfHeal. */
    private static Decision decide(StackConfig stack, Trigger trigger, boolean newRevision, Plan plan) {
        if (!plan.hasChanges() || trigger.forcesApply()) {
            return Decision.APPLY;
        }
        if (!stack.sync().auto()) {
            return Decision.REPORT;
        }
        return newRevision || stack.sync().selfHeal() ? Decision.APPLY : Decision.REPORT;
    }

    private static ReconcileOutcome report(StackConfig stack, String revision, Plan plan) {
        String differences = plan.mutations().stream().map(StackReconciler::describe)
                .collect(Collectors.joining("; "));
        if (!stack.sync().auto()) {
            return ReconcileOutcome.reported(revision, "ManualSync", plan.mutations().size()
                    + " change(s) waiting for a manual sync (auto is off): " + differences);
        }
        return ReconcileOutcome.reported(revision, "DriftDetected", plan.mutations().size()
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
            return ReconcileOutcome.failed(revision, failure.get().reason(), failure.get().message(), Duration.ZERO);
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
        return ReconcileOutcome.failed(revision, e.reason(), e.getMessage(), Duration.ZERO);
    }

    private void saveStatus(StackConfig stack, Attempt attempt) {
        ReconcileOutcome outcome = attempt.outcome;
        Optional<StackStatus> before = attempt.before;
        Instant now = clock.instant();
        String attempted = outcome.revision().orElse(before.map(StackStatus::lastAttemptedRevision).orElse(null));
        String applied = before.map(StackStatus::lastAppliedRevision).orElse(null);
        Instant appliedAt = before.map(StackStatus::lastAppliedAt).orElse(null);
        if (outcome.converged()) {
            applied = outcome.revision().orElseThrow();
            appliedAt = now;
        }
        workspace.store().saveStatus(new StackStatus(stack.name(), attempted, attempt.started, applied, appliedAt,
                condition(outcome), outcome.reason(), outcome.message(), attempt.drifted, now));
    }

    private static String condition(ReconcileOutcome outcome) {
        return switch (outcome.result()) {
            case APPLIED, UNCHANGED -> "Ready";
            case REPORTED -> outcome.reason().equals("ManualSync") ? "OutOfSync" : "Drifted";
            case STALLED -> "Stalled";
            case FAILED, WAITING, ABANDONED, PAUSED -> "Failed";
        };
    }

    private static String resultWord(ReconcileOutcome outcome) {
        return switch (outcome.result()) {
            case APPLIED -> "applied";
            case UNCHANGED -> "unchanged";
            case REPORTED -> outcome.reason().equals("ManualSync") ? "planned" : "drifted";
            case STALLED, FAILED, WAITING, PAUSED -> "failed";
            case ABANDONED -> "abandoned";
        };
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }
}
