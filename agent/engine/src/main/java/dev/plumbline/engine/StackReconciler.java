package dev.plumbline.engine;

import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.apply.Backoff;
import dev.plumbline.engine.apply.ExecutionResult;
import dev.plumbline.engine.apply.Executor;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.apply.Throttle;
import dev.plumbline.engine.port.ReconcileListener.RunScope;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Health;
import dev.plumbline.provider.StackScope;
import dev.plumbline.render.Renderer;
import dev.plumbline.yaml.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one stack, always the same shape (Flux's controllers'): the gates (pinned? the stack's
 * lease), resolve the revision, plan, decide (paused, or by the sync policy) whether to apply or only report,
 * apply, and end in {@link #finish}, the one place that writes the status, the history, the log line and
 * tells the listener (metrics, spans, events), whatever happened. Every failure ends as an outcome with a
 * stable reason, never an exception: an {@link Error} thrown inside a run (out of memory, a stack overflow, a
 * class that cannot be loaded) ends it {@code Waiting} with reason {@code InternalError}, retried with backoff.
 */
public final class StackReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(StackReconciler.class);
    /** A run's lease lasts this long unless renewed; it is renewed every third of it while the run lives. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration LOCKED_RETRY = Duration.ofSeconds(5);

    private final EnginePorts ports;
    private final StackPlanner planner;
    private final Executor executor;
    private final LeasedStore leased;
    private final LeaseHolder holder;
    private final Duration lockWait;
    private final StopSignal stop;
    private final Retries retries = new Retries();
    /**
     * By stack: when a run of this engine last observed the whole stack and left it live as desired. Until
     * one drift interval after that, a run for a pushed commit observes only what the commit changes.
     */
    private final Map<String, Instant> inSyncAt = new ConcurrentHashMap<>();

    /**
     * A reconciler taking stacks' leases as {@code holder}, waiting up to {@code lockWait} for a lease another
     * run holds, abandoning runs between changes on {@code stop}. Its runs write to the store through their
     * leases' fences ({@link LeasedStore}).
     */
    public StackReconciler(EnginePorts ports, Renderer renderer, StopSignal stop, LeaseHolder holder,
                           Duration lockWait) {
        this.leased = new LeasedStore(ports.store());
        this.ports = ports.withStore(leased);
        Throttle throttle = Throttle.of(ports.config().providers(), ports.clock());
        this.planner = new StackPlanner(this.ports, renderer, throttle);
        this.executor = new Executor(ports.providers(), leased, 3,
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10)), stop, ports.listener().changes(), leased,
                throttle);
        this.holder = Objects.requireNonNull(holder, "holder");
        this.lockWait = lockWait.isNegative() ? Duration.ZERO : lockWait;
        this.stop = stop;
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
            attempt.paused = control.paused(); // a paused stack is still observed and reported, never applied
            Optional<StackLease> taken;
            try {
                taken = StackLease.take(ports.store(), stack.name(), holder, LEASE, lockWait, stop);
                if (taken.isEmpty()) {
                    return skip(attempt, ReconcileOutcome.waiting(null, Reasons.LOCKED, locked(stack.name()),
                            LOCKED_RETRY), run);
                }
            } catch (PlumblineException e) {
                return skip(attempt, ReconcileOutcome.waiting(null, e.reason(), e.getMessage(), LOCKED_RETRY), run);
            }
            // renewed while the run lives, released however it ends; its writes go through the lease's fence
            try (StackLease lease = taken.get(); LeasedStore.Hold fenced = leased.hold(lease.lease())) {
                attempt.before = ports.store().status(stack.name()); // read under the lease, so it is current
                ReconcileOutcome outcome = run(attempt, onPlan, run);
                request.requestId().ifPresent(id -> ports.store().controls().handled(stack.name(), id));
                return outcome;
            }
        }
    }

    /** Who holds the stack's lease, since when, and what to do if that process is gone for good. */
    private String locked(String stack) {
        return ports.store().lease(stack)
                .map(held -> "stack '" + stack + "' is locked by " + held.describe() + "; it is renewed while its"
                        + " run lives; if that process is gone for good, run 'plumbline unlock " + stack + "'")
                .orElse("stack '" + stack + "' was locked by another run a moment ago; it is free now");
    }

    /** A run turned away (another process holds the stack's lease) ends in the same place, as skipped. */
    private ReconcileOutcome skip(Attempt attempt, ReconcileOutcome outcome, RunScope run) {
        attempt.skipped = true;
        attempt.outcome = outcome;
        finish(attempt, run);
        return outcome;
    }

    /** What one run found and did, filled in as it goes. */
    private static final class Attempt {
        final StackConfig stack;
        final ReconcileRequest request;
        final Instant started;
        final boolean pinned;
        Optional<StackStatus> before = Optional.empty();
        /** Turned away (the lease is held elsewhere): nothing was read or written; neither history nor status. */
        boolean skipped;
        /** An operator paused the stack: it plans and reports, and applies nothing. */
        boolean paused;
        String revision;
        ReconcileOutcome outcome;
        RunCounts counts = RunCounts.NONE;
        int drifted;
        Long run;
        Instant committedAt;
        /** Whether the run observed only what its commit changes ({@link #changedOnly}). */
        boolean changedOnly;
        /** How many resources it observed then; empty when it observed the whole stack. */
        OptionalInt observedOnly = OptionalInt.empty();
        /** How many resources the stack has at the run's commit; -1 before it was rendered. */
        int resources = -1;
        /** Manifest files of the stack, and how many were parsed; -1 before it was rendered. */
        int manifestFiles = -1;
        int manifestsParsed;
        /** As the run's wait for health found the objects ({@code Healthy}, ...), and why; empty without one. */
        String health = "";
        String healthMessage = "";

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
            attempt.revision = revision(attempt, run);
            run.revision(attempt.revision);
            attempt.changedOnly = changedOnly(attempt);
            PreparedPlan prepared = planner.prepare(stack, ports.snapshots().read(stack.source(), attempt.revision),
                    run, attempt.changedOnly);
            attempt.observedOnly = prepared.observedOnly();
            attempt.resources = prepared.desired().size();
            attempt.committedAt = prepared.snapshot().commit().commitTime();
            attempt.manifestFiles = prepared.manifestFiles();
            attempt.manifestsParsed = prepared.manifestsParsed();
            onPlan.accept(prepared);
            act(prepared, attempt);
            if (!attempt.pinned) {
                ports.snapshots().fetchFailure(stack.source()).ifPresent(failure -> behind(attempt, failure));
            }
        } catch (PlumblineException e) {
            attempt.outcome = failure(attempt.revision, e);
        } catch (Throwable e) { // an Error too (out of memory, stack overflow, a class missing): the run ends here
            LOG.error("stack {}: unexpected failure", stack.name(), e);
            attempt.outcome = ReconcileOutcome.waiting(attempt.revision, Reasons.INTERNAL_ERROR,
                    "unexpected failure: " + e, Duration.ZERO);
        }
        attempt.outcome = retries.decide(stack.name(), attempt.revision, request.trigger(), attempt.outcome,
                ports.clock().instant());
        if (!attempt.outcome.converged() || attempt.paused) {
            inSyncAt.remove(stack.name());
        } else if (!attempt.changedOnly) {
            inSyncAt.put(stack.name(), attempt.started);
        }
        finish(attempt, run);
        return attempt.outcome;
    }

    /**
     * Whether the run may observe and plan only what its commit changes, as Argo CD syncs from its cache of
     * live state: a run for a new commit announced by a push or found by a poll, of a stack that syncs by
     * itself and that a run of this engine observed whole and left live as desired (its status clean since)
     * less than one drift interval ago. Drift of what the commit does not touch is then the next drift check's
     * to find, as it would be without the commit. Every other run (a drift check, a retry, a person's sync or
     * rollback, a paused or pinned stack, the first run after a start) observes the whole stack.
     */
    private boolean changedOnly(Attempt attempt) {
        Trigger trigger = attempt.request.trigger();
        if (trigger != Trigger.WEBHOOK && trigger != Trigger.POLL || attempt.paused || attempt.pinned
                || !attempt.stack.sync().auto()) {
            return false;
        }
        Instant at = inSyncAt.get(attempt.stack.name());
        if (at == null || !ports.clock().instant().isBefore(at.plus(attempt.stack.driftInterval()))) {
            return false;
        }
        return attempt.before.filter(status -> status.drifted() == 0 && status.lastAppliedRevision() != null
                && status.lastAppliedRevision().equals(status.lastAttemptedRevision())
                && !status.lastAppliedRevision().equals(attempt.revision)).isPresent();
    }

    /**
     * The revision the run works toward, level-triggered: the stack's pin, or else the newest revision of its
     * source (as last fetched; fetched now if never), whatever revision the trigger saw. A retry or a
     * request queued behind a newer commit so never goes back in time.
     */
    private String revision(Attempt attempt, RunScope run) {
        if (attempt.pinned) {
            return attempt.request.revision().orElseThrow();
        }
        String source = attempt.stack.source();
        return run.step("fetch", () -> ports.snapshots().current(source)
                .or(attempt.request::revision)
                .orElseGet(() -> ports.snapshots().fetch(source)));
    }

    /**
     * The source could not be fetched: the run checked (and corrected) live state against the revision last
     * fetched, but whatever it found, the stack waits for its source, and its status says why.
     */
    private static void behind(Attempt attempt, PlumblineException failure) {
        ReconcileOutcome found = attempt.outcome;
        if (!found.converged() && !found.reported()) {
            return; // a failure of its own says more
        }
        attempt.outcome = ReconcileOutcome.waiting(attempt.revision, failure.reason(), failure.getMessage()
                + "; live state was checked against the revision of source '" + attempt.stack.source()
                + "' last fetched, " + shortSha(attempt.revision) + ": " + found.message(), Duration.ZERO);
    }

    /** Applies the plan or only reports it, as the sync policy and the trigger decide. */
    private void act(PreparedPlan prepared, Attempt attempt) {
        Plan plan = prepared.plan();
        if (!plan.problems().isEmpty()) {
            throw new StalledException(Reasons.CONFLICT, plan.problems());
        }
        if (attempt.paused) {
            attempt.drifted = plan.mutations().size();
            attempt.counts = RunCounts.planned(plan);
            attempt.outcome = ReconcileOutcome.paused(attempt.stack.name(), attempt.revision, plan.mutations()
                    .isEmpty() ? "" : plan.mutations().size() + " change(s) wait: " + differences(plan));
            return;
        }
        boolean newRevision = !attempt.revision.equals(
                attempt.before.map(StackStatus::lastAppliedRevision).orElse(null));
        if (!SyncDecision.applies(attempt.stack.sync(), attempt.request.trigger(), newRevision, plan)) {
            attempt.drifted = plan.mutations().size();
            attempt.counts = RunCounts.planned(plan);
            attempt.outcome = report(attempt.stack, attempt.revision, plan);
            return;
        }
        if (!attempt.request.allowMassPrune()) {
            Optional<StalledException> guarded = PruneGuard.check(attempt.stack.sync(), prepared);
            if (guarded.isPresent()) {
                attempt.counts = RunCounts.planned(plan);
                throw guarded.get();
            }
        }
        if (plan.hasChanges()) {
            attempt.run = ports.store().startRun(attempt.start()); // visible in the history while it writes
        }
        ExecutionResult result = executor.execute(plan, new ApplyContext(attempt.stack.name(), attempt.revision,
                ports.clock().instant()), change -> true);
        attempt.counts = RunCounts.of(result, plan);
        attempt.outcome = outcome(attempt.revision, prepared, result);
        if (attempt.outcome.converged() && attempt.stack.sync().healthTimeout().isPresent()) {
            attempt.outcome = awaitHealth(prepared, attempt, attempt.stack.sync().healthTimeout().get());
        }
    }

    /** How often a run waiting for health reads it again. */
    private static final Duration HEALTH_POLL = Duration.ofSeconds(1);

    /**
     * Waits up to {@code timeout} for every desired object to be healthy, as its provider judges it: the run
     * stays as it converged when they are (its message says so); it waits, with reason {@code Degraded}, as
     * soon as one is degraded, or {@code Progressing} when the time is up, naming the object and why (the
     * stack's retries look again).
     */
    private ReconcileOutcome awaitHealth(PreparedPlan prepared, Attempt attempt, Duration timeout) {
        ReconcileOutcome converged = attempt.outcome;
        String revision = converged.revision().orElseThrow();
        Map<String, List<Resource>> byProvider = new TreeMap<>();
        Map<ResourceKey, Resource> byKey = new HashMap<>();
        prepared.desired().forEach(resource -> {
            byProvider.computeIfAbsent(resource.key().provider(), name -> new ArrayList<>()).add(resource);
            byKey.put(resource.key(), resource);
        });
        StackScope scope = new StackScope(prepared.stack().name());
        long deadline = System.nanoTime() + timeout.toNanos(); // wall time, whatever the engine's clock says
        while (true) {
            Optional<String> degraded = Optional.empty();
            Optional<String> progressing = Optional.empty();
            for (var entry : byProvider.entrySet()) {
                var provider = ports.providers().require(entry.getKey());
                for (var health : provider.health(scope, entry.getValue()).entrySet()) {
                    Resource resource = byKey.get(health.getKey());
                    String who = health.getKey().display() + (resource == null ? "" : " (" + resource.location() + ")")
                            + ": " + health.getValue().message();
                    switch (health.getValue().state()) {
                        case DEGRADED -> degraded = degraded.or(() -> Optional.of(who));
                        case PROGRESSING -> progressing = progressing.or(() -> Optional.of(who));
                        default -> { }
                    }
                }
            }
            if (degraded.isPresent()) {
                attempt.health = Health.State.DEGRADED.word();
                attempt.healthMessage = degraded.get();
                return ReconcileOutcome.waiting(revision, Reasons.DEGRADED, "degraded: " + degraded.get()
                        + " (" + converged.message() + ")", Duration.ZERO);
            }
            if (progressing.isEmpty()) {
                attempt.health = Health.State.HEALTHY.word();
                attempt.healthMessage = "every object healthy";
                return new ReconcileOutcome(converged.result(), converged.reason(), converged.message()
                        + "; every object healthy", converged.revision(), converged.requeueAfter());
            }
            if (System.nanoTime() - deadline >= 0 || stop.await(HEALTH_POLL)) {
                attempt.health = Health.State.PROGRESSING.word();
                attempt.healthMessage = progressing.get();
                return ReconcileOutcome.waiting(revision, Reasons.PROGRESSING, "still progressing after "
                        + Durations.format(timeout) + ": " + progressing.get() + " ("
                        + converged.message() + ")", Duration.ZERO);
            }
        }
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
        } catch (Throwable e) { // the listener, the log line and the caller still hear how the run ended
            LOG.error("stack {}: the end of the run could not be recorded", stack.name(), e);
        }
        run.finished(new RunReport(stack.name(), attempt.request.trigger(), outcome, attempt.started,
                ports.clock().instant(), attempt.drifted, movedToCommitAt(attempt), attempt.skipped,
                Math.max(0, attempt.manifestsParsed), new RunReport.Changes(attempt.counts.created(),
                        attempt.counts.updated(), attempt.counts.deleted())));
        if (attempt.skipped) {
            return;
        }
        String line = "stack {} at {}: {} ({}) {}{}";
        String parsed = (attempt.manifestFiles < 0 ? "" : "; parsed " + attempt.manifestsParsed + " of "
                + attempt.manifestFiles + " manifest files")
                + (attempt.observedOnly.isEmpty() ? "" : "; observed " + attempt.observedOnly.getAsInt() + " of "
                + attempt.resources + " resources, what the commit changes");
        Object[] values = {stack.name(), shortSha(attempt.revision), outcome.result().word(), outcome.reason(),
                outcome.message(), parsed};
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
     * A paused stack's look at what waits is not history, nor is a drift check that found nothing or the
     * same drift it reported last time
     * (otherwise the history fills with one row per drift interval), nor is a poll or a retry that found the
     * revision already applied and nothing to do (runs are level-triggered: a poll that raced the run before
     * it finds its work done); everything else is.
     */
    private static boolean isRoutine(ReconcileRequest request, Optional<StackStatus> before, ReconcileOutcome outcome) {
        if (outcome.result() == ReconcileOutcome.Result.PAUSED) {
            return true; // it only looked: the status tells what waits
        }
        boolean timer = request.trigger() == Trigger.POLL || request.trigger() == Trigger.RETRY;
        if (timer && outcome.result() == ReconcileOutcome.Result.UNCHANGED && before.isPresent()
                && outcome.revision().equals(Optional.ofNullable(before.get().lastAppliedRevision()))) {
            return true;
        }
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

    private static String differences(Plan plan) {
        return plan.mutations().stream().map(StackReconciler::describe).collect(Collectors.joining("; "));
    }

    private static ReconcileOutcome report(StackConfig stack, String revision, Plan plan) {
        String differences = differences(plan);
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
            return ReconcileOutcome.waiting(revision, failure.get().reason(), failure.get().message(),
                    failure.get().retryAfter().orElse(Duration.ZERO));
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
        Duration hint = e instanceof TransientException transientFailure
                ? transientFailure.retryAfter().orElse(Duration.ZERO) : Duration.ZERO;
        return ReconcileOutcome.waiting(revision, e.reason(), e.getMessage(), hint);
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
                outcome.condition().word(), outcome.reason(), outcome.message(), attempt.drifted, now,
                attempt.health, attempt.healthMessage));
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }
}
