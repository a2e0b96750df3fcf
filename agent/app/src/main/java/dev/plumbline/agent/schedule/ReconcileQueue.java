package dev.plumbline.agent.schedule;

import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.ReconcileRequest;
import dev.plumbline.engine.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every trigger ends: "reconcile stack X". One worker per stack at a time; stacks run in
 * parallel up to a bound. A request for a stack that is already running or waiting is folded into the
 * waiting one, so a burst of triggers costs one more run, not one each. An outcome that asks for a retry is
 * submitted again after its delay, and a stack has at most one retry pending: a later one replaces it, and a
 * run that starts meanwhile (a new commit, a person's sync) makes it moot. A drift check waiting behind a run
 * that asks for a retry is dropped: the retry checks again after its backoff.
 * A run records its own failures (the reconciler ends every run with an outcome); anything it still throws,
 * an {@link Error} included, is logged, the stack is tried again after {@link #UNEXPECTED_RETRY}, and the
 * worker thread lives on for the next request.
 */
public final class ReconcileQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

    /** Triggers that only check again what the failed run saw; a pending retry does that too. */
    private static final java.util.Set<Trigger> TIMERS = java.util.EnumSet.of(Trigger.DRIFT, Trigger.RETRY);

    /** When a stack whose run threw (instead of ending with an outcome) is tried again. */
    public static final Duration UNEXPECTED_RETRY = Duration.ofSeconds(30);

    private final Function<ReconcileRequest, ReconcileOutcome> worker;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Map<String, Slot> slots = new HashMap<>();
    private boolean closed;

    /** The state of one stack: whether a run is going, the request waiting behind it, its pending retry. */
    private static final class Slot {
        boolean running;
        ReconcileRequest waiting;
        ScheduledFuture<?> retry;
    }

    public ReconcileQueue(int parallelism, Function<ReconcileRequest, ReconcileOutcome> worker) {
        this.worker = worker;
        this.workers = Executors.newFixedThreadPool(parallelism, named("plumbline-reconcile"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("plumbline-requeue"));
    }

    public void submit(ReconcileRequest request) {
        synchronized (slots) {
            if (closed) {
                return;
            }
            Slot slot = slots.computeIfAbsent(request.stack(), s -> new Slot());
            slot.waiting = slot.waiting == null ? request : slot.waiting.merge(request);
            if (!slot.running) {
                start(slot);
            }
        }
    }

    /** Whether the stack has a retry pending. */
    public boolean retryPending(String stack) {
        synchronized (slots) {
            Slot slot = slots.get(stack);
            return slot != null && slot.retry != null && !slot.retry.isDone();
        }
    }

    /** Whether the stack has a run going or waiting. */
    public boolean busy(String stack) {
        synchronized (slots) {
            Slot slot = slots.get(stack);
            return slot != null && (slot.running || slot.waiting != null);
        }
    }

    private void start(Slot slot) {
        ReconcileRequest request = slot.waiting;
        slot.waiting = null;
        slot.running = true;
        if (slot.retry != null) {
            slot.retry.cancel(false); // this run works toward the newest revision too; it retries if it fails
            slot.retry = null;
        }
        workers.execute(() -> run(slot, request));
    }

    private void run(Slot slot, ReconcileRequest request) {
        Optional<Duration> retry = Optional.empty();
        try {
            retry = worker.apply(request).requeueAfter();
        } catch (Throwable e) { // an Error too: it ends this run, not the worker thread
            LOG.error("stack {}: reconcile failed unexpectedly; it is tried again in {}s", request.stack(),
                    UNEXPECTED_RETRY.toSeconds(), e);
            retry = Optional.of(UNEXPECTED_RETRY);
        } finally {
            synchronized (slots) {
                slot.running = false;
                if (retry.isPresent() && slot.waiting != null && TIMERS.contains(slot.waiting.trigger())) {
                    // a drift check that came in meanwhile would fail the same way at once and count as a
                    // second failure; the retry observes again after its backoff
                    LOG.debug("stack {}: dropping a waiting {} run, a retry is due", request.stack(),
                            slot.waiting.trigger().word());
                    slot.waiting = null;
                }
                if (slot.waiting != null && !closed) {
                    start(slot);
                }
            }
        }
        retry.ifPresent(delay -> {
            synchronized (slots) {
                if (!closed && slot.waiting == null && !slot.running) {
                    if (slot.retry != null) {
                        slot.retry.cancel(false);
                    }
                    slot.retry = timer.schedule(() -> submit(request.retry()), delay.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    /** Stops taking requests, drops waiting ones and waits up to {@code grace} for running ones to end. */
    public void close(Duration grace) {
        synchronized (slots) {
            closed = true;
            slots.values().forEach(slot -> slot.waiting = null);
        }
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a reconcile run did not end within {}s; stopping anyway", grace.toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
