package dev.plumbline.engine.apply;

import dev.plumbline.engine.port.ProviderRegistry;
import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.BatchProvider;
import dev.plumbline.provider.PartialApply;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.SelfRecordingProvider;
import dev.plumbline.provider.TransactionalProvider;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the changes of a plan, in order, through their providers, journaling ownership around every write:
 * the intent before writing, the applied hash after, the removal after deleting. A transient failure is
 * retried with backoff; the first change that still fails stops the run (later changes may depend on it).
 * Between changes it checks the stop signal and abandons the rest cleanly. Consecutive changes of a
 * {@link TransactionalProvider} go to it in one call, without retries, and are recorded as applied only
 * when the whole call succeeds (a conflict means the plan is stale: the agent observes again, and records
 * what an earlier transaction of the call did write at the next run). Consecutive changes of a
 * {@link BatchProvider} go to it in calls of at most {@link BatchProvider#MAX_BATCH}, journaled like a
 * transaction (every intent before the call, every outcome after it), with the stop signal and the lease
 * checked between calls; a failure fails the whole call without retries, and the next run observes what it
 * left. Such a call's intents are recorded in one write of the journal and its outcomes in another; a call
 * that stops part way and says so ({@link PartialApply}) has the changes before the failure recorded as
 * applied and the failure reported at the change that failed. Every call to a provider first takes a permit
 * from its {@link Throttle}.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final ProviderRegistry providers;
    private final InventoryJournal journal;
    private final int attempts;
    private final Backoff backoff;
    private final StopSignal stop;

    private final ExecutionListener listener;
    private final Fence fence;
    private final Throttle throttle;

    public Executor(ProviderRegistry providers, InventoryJournal journal, int attempts, Backoff backoff, StopSignal stop) {
        this(providers, journal, attempts, backoff, stop, ExecutionListener.none());
    }

    /** As above, telling {@code listener} about every change it runs (for traces and metrics). */
    public Executor(ProviderRegistry providers, InventoryJournal journal, int attempts, Backoff backoff, StopSignal stop,
                    ExecutionListener listener) {
        this(providers, journal, attempts, backoff, stop, listener, Fence.NONE);
    }

    /**
     * As above, checking {@code fence} before every provider write: a run that lost its stack's lease stops
     * there, without retrying, with the change failed as {@code LeaseLost}.
     */
    public Executor(ProviderRegistry providers, InventoryJournal journal, int attempts, Backoff backoff, StopSignal stop,
                    ExecutionListener listener, Fence fence) {
        this(providers, journal, attempts, backoff, stop, listener, fence, Throttle.NONE);
    }

    /** As above, taking a permit from {@code throttle} before every call to a provider (each attempt). */
    public Executor(ProviderRegistry providers, InventoryJournal journal, int attempts, Backoff backoff, StopSignal stop,
                    ExecutionListener listener, Fence fence, Throttle throttle) {
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.listener = listener;
        this.fence = Objects.requireNonNull(fence, "fence");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.providers = providers;
        this.journal = journal;
        this.attempts = attempts;
        this.backoff = backoff;
        this.stop = stop;
    }

    /**
     * Runs the plan's mutations that {@code include} accepts; when all succeeded, forgets what has nothing
     * live left and records the untracked objects the stack owns.
     */
    public ExecutionResult execute(Plan plan, ApplyContext context, Predicate<Change> include) {
        List<ChangeResult> results = new ArrayList<>();
        boolean halted = false;
        boolean abandoned = false;
        for (List<Change> batch : batches(plan.mutations().stream().filter(include).toList())) {
            if (halted || !throttle.acquire(batch.get(0).key().provider(), stop)) {
                abandoned |= !halted;
                batch.forEach(change -> results.add(ChangeResult.notRun(change)));
                continue;
            }
            Provider provider = providers.require(batch.get(0).key().provider());
            List<ChangeResult> done = provider instanceof TransactionalProvider transactional
                    ? runTogether(transactional::applyAll, batch, context)
                    : provider instanceof BatchProvider batching ? runTogether(batching::applyBatch, batch, context)
                    : List.of(runAlone(batch.get(0), context));
            results.addAll(done);
            halted = done.stream().anyMatch(result -> result.status() != ChangeResult.Status.DONE);
        }
        if (!halted && !abandoned) {
            List<InventoryJournal.Entry> settled = new ArrayList<>();
            for (ResourceKey key : plan.forget()) {
                if (providers.require(key.provider()) instanceof SelfRecordingProvider recording) {
                    fence.check(context.stack());
                    recording.forgotten(key, context);
                }
                settled.add(InventoryJournal.Entry.forgotten(key));
            }
            for (Change owned : plan.track()) {
                if (providers.require(owned.key().provider()) instanceof SelfRecordingProvider recording) {
                    fence.check(context.stack());
                    recording.settled(owned, context);
                }
                settled.add(written(owned));
            }
            journal.settleAll(context.stack(), context.revision(), settled);
        }
        return new ExecutionResult(results, abandoned);
    }

    /**
     * The changes in runs to execute: consecutive changes of one transactional provider together, consecutive
     * changes of one batching provider together up to {@link BatchProvider#MAX_BATCH}, every other change alone.
     */
    private List<List<Change>> batches(List<Change> changes) {
        List<List<Change>> batches = new ArrayList<>();
        for (Change change : changes) {
            Provider provider = providers.require(change.key().provider());
            boolean together = provider instanceof TransactionalProvider || provider instanceof BatchProvider;
            List<Change> last = batches.isEmpty() ? null : batches.get(batches.size() - 1);
            boolean room = last != null && (provider instanceof TransactionalProvider
                    || last.size() < BatchProvider.MAX_BATCH);
            if (together && room && last.get(0).key().provider().equals(change.key().provider())) {
                last.add(change);
            } else {
                batches.add(new ArrayList<>(List.of(change)));
            }
        }
        return batches;
    }

    private ChangeResult runAlone(Change change, ApplyContext context) {
        try (ExecutionListener.Applying applying = listener.started(change)) {
            ChangeResult result = run(change, context);
            applying.finished(result);
            return result;
        }
    }

    /** How a provider takes several changes in one call: a transaction, or a batch. */
    private interface Together {
        List<ApplyResult> apply(List<Change> changes, ApplyContext context);
    }

    /** One call for all the changes: intents first, then the call, then every outcome. */
    private List<ChangeResult> runTogether(Together provider, List<Change> changes, ApplyContext context) {
        List<ExecutionListener.Applying> applying = changes.stream().map(listener::startedBeside).toList();
        List<ChangeResult> results = new ArrayList<>();
        try {
            journal.intendAll(context.stack(), context.revision(), changes.stream()
                    .filter(change -> change.action() != Action.DELETE).map(Executor::written).toList());
            fence.check(context.stack());
            List<ApplyResult> applied = provider.apply(changes, context);
            journal.settleAll(context.stack(), context.revision(), changes.stream().map(Executor::outcome).toList());
            for (int i = 0; i < changes.size(); i++) {
                Change change = changes.get(i);
                LOG.info("{} {} {}: {}", context.stack(), change.action().word(), change.key().display(),
                        applied.get(i).message());
                results.add(ChangeResult.done(change, applied.get(i), 1));
            }
        } catch (PartialApply partial) {
            results.clear();
            results.addAll(partly(partial, changes, context));
        } catch (PlumblineException e) {
            results.clear();
            for (Change change : changes) {
                results.add(fail(change, context, e, 1));
            }
        } catch (RuntimeException e) {
            LOG.debug("unexpected failure applying {} changes together", changes.size(), e);
            TransientException wrapped = new TransientException(Reasons.APPLY_FAILED, changes.size() + " changes: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            results.clear();
            for (Change change : changes) {
                results.add(fail(change, context, wrapped, 1));
            }
        } finally {
            for (int i = 0; i < applying.size(); i++) {
                if (i < results.size()) {
                    applying.get(i).finished(results.get(i));
                }
                applying.get(i).close();
            }
        }
        return results;
    }

    private ChangeResult run(Change change, ApplyContext context) {
        Provider provider = providers.require(change.key().provider());
        for (int attempt = 1; ; attempt++) {
            try {
                ApplyResult result = once(provider, change, context);
                LOG.info("{} {} {}: {}", context.stack(), change.action().word(), change.key().display(),
                        result.message().isEmpty() ? result.outcome().name().toLowerCase() : result.message());
                return ChangeResult.done(change, result, attempt);
            } catch (StalledException | LeaseLostException e) {
                return fail(change, context, e, attempt); // retrying cannot help
            } catch (PlumblineException e) {
                if (attempt >= attempts || stop.await(backoff.delay(attempt)) || !throttle.acquire(provider.name(), stop)) {
                    return fail(change, context, e, attempt);
                }
                LOG.info("{} {} {} failed ({}), retrying: {}", context.stack(), change.action().word(),
                        change.key().display(), e.reason(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.debug("unexpected failure applying {}", change.key(), e);
                TransientException wrapped = new TransientException(Reasons.APPLY_FAILED, change.key().display() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
                if (attempt >= attempts || stop.await(backoff.delay(attempt)) || !throttle.acquire(provider.name(), stop)) {
                    return fail(change, context, wrapped, attempt);
                }
            }
        }
    }

    private ApplyResult once(Provider provider, Change change, ApplyContext context) {
        if (change.action() == Action.DELETE) {
            fence.check(context.stack());
            ApplyResult result = provider.delete(change, context);
            journal.forget(context.stack(), change.key());
            return result;
        }
        Resource desired = change.desired().orElseThrow();
        boolean keep = desired.directives().pruneDisabled();
        journal.intend(context.stack(), change.key(), desired.hash(), context.revision(), keep);
        fence.check(context.stack());
        ApplyResult result = provider.apply(change, context);
        journal.applied(context.stack(), change.key(), desired.hash(), context.revision(), keep);
        return result;
    }

    /**
     * The results of a call that stopped part way ({@link PartialApply}): the changes it applied are recorded
     * and done, the one after them failed at its own position, the rest not run. When recording what was
     * applied fails too, every change of the call fails with that (the next run observes and records them).
     */
    private List<ChangeResult> partly(PartialApply partial, List<Change> changes, ApplyContext context) {
        List<ApplyResult> applied = partial.applied();
        if (applied.size() >= changes.size()) {
            throw new IllegalStateException("a provider said " + applied.size() + " of " + changes.size()
                    + " changes were applied, and that one failed", partial);
        }
        List<Change> done = changes.subList(0, applied.size());
        List<ChangeResult> results = new ArrayList<>();
        try {
            journal.settleAll(context.stack(), context.revision(), done.stream().map(Executor::outcome).toList());
        } catch (PlumblineException e) {
            changes.forEach(change -> results.add(fail(change, context, e, 1)));
            return results;
        }
        for (int i = 0; i < done.size(); i++) {
            LOG.info("{} {} {}: {}", context.stack(), done.get(i).action().word(), done.get(i).key().display(),
                    applied.get(i).message());
            results.add(ChangeResult.done(done.get(i), applied.get(i), 1));
        }
        results.add(fail(changes.get(done.size()), context, partial.failure(), 1));
        changes.subList(done.size() + 1, changes.size()).forEach(change -> results.add(ChangeResult.notRun(change)));
        return results;
    }

    /** The journal's entry for a change once applied: its key forgotten after a delete, else written. */
    private static InventoryJournal.Entry outcome(Change change) {
        return change.action() == Action.DELETE ? InventoryJournal.Entry.forgotten(change.key()) : written(change);
    }

    /** The journal's entry for a change that writes its desired object. */
    private static InventoryJournal.Entry written(Change change) {
        Resource desired = change.desired().orElseThrow();
        return InventoryJournal.Entry.written(change.key(), desired.hash(), desired.directives().pruneDisabled());
    }

    private static ChangeResult fail(Change change, ApplyContext context, PlumblineException e, int attempt) {
        String where = change.origin().map(origin -> origin + ": ").orElse("");
        String message = where + change.action().word() + " " + change.key().display() + " failed: " + e.getMessage();
        LOG.warn("{} {}", context.stack(), message);
        Optional<Duration> retryAfter = e instanceof TransientException transientFailure
                ? transientFailure.retryAfter() : Optional.empty();
        return ChangeResult.failed(change, e.reason(), message, attempt, retryAfter);
    }
}
