package dev.plumbline.agent.schedule;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import dev.plumbline.source.git.FetchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches of sources, coalesced in windows: the first request for an idle source is fetched at once, and
 * opens a window of {@code window} from the end of that fetch; every request that arrives while the fetch runs
 * or before the window closes is answered by the one fetch at its end (which opens the next window), so a
 * push to a quiet source is fetched without waiting, and a burst of pushes costs one fetch per window instead
 * of one each. Each fetch hands its result, with every cause folded into it, to the listener.
 *
 * @param <C> what caused a fetch (a poll, a webhook delivery, a sync)
 */
public final class FetchQueue<C> implements AutoCloseable {

    /** Receives the outcome of a fetch and the causes it answers. */
    public interface Listener<C> {
        void fetched(String source, FetchResult result, List<C> causes);

        void failed(String source, PlumblineException failure, List<C> causes);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FetchQueue.class);

    private final Function<String, FetchResult> fetch;
    private final Listener<C> listener;
    private final Duration window;
    private final ScheduledExecutorService threads;
    private final Map<String, Slot<C>> slots = new HashMap<>();
    private final Set<String> fetchedOnce = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** One source: whether a window or fetch is under way, and the causes waiting for its fetch. */
    private static final class Slot<C> {
        boolean running;
        List<C> waiting = new ArrayList<>();
    }

    public FetchQueue(int threads, Duration window, Function<String, FetchResult> fetch, Listener<C> listener) {
        this.fetch = fetch;
        this.listener = listener;
        this.window = window;
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        this.threads = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "plumbline-fetch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Asks for a fetch of {@code source} because of {@code cause}; returns at once. */
    public void request(String source, C cause) {
        synchronized (slots) {
            if (closed) {
                return;
            }
            Slot<C> slot = slots.computeIfAbsent(source, s -> new Slot<>());
            slot.waiting.add(cause);
            if (!slot.running) {
                slot.running = true;
                threads.execute(() -> drain(source, slot));
            }
        }
    }

    /** Whether the source has been fetched successfully at least once since start. */
    public boolean fetchedOnce(String source) {
        return fetchedOnce.contains(source);
    }

    /** Fetches once for every cause waiting and opens the next window; an empty window ends the slot's run. */
    private void drain(String source, Slot<C> slot) {
        List<C> causes;
        synchronized (slots) {
            if (slot.waiting.isEmpty() || closed) {
                slot.running = false;
                return;
            }
            causes = slot.waiting;
            slot.waiting = new ArrayList<>();
        }
        try {
            fetchAndTell(source, causes);
        } finally { // however the fetch ended, the source's next request is served
            synchronized (slots) {
                if (closed) {
                    slot.running = false;
                } else {
                    threads.schedule(() -> drain(source, slot), window.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /**
     * Fetches and tells the listener. A failure the fetch did not expect, an {@link Error} included, is told
     * as a failed fetch with reason {@code InternalError}, so that the source's stacks say so; whatever the
     * listener throws is logged. Neither ends the fetch thread.
     */
    private void fetchAndTell(String source, List<C> causes) {
        PlumblineException failure;
        try {
            FetchResult result = fetch.apply(source);
            fetchedOnce.add(source);
            try {
                listener.fetched(source, result, List.copyOf(causes));
            } catch (Throwable e) {
                LOG.error("source {}: acting on its fetch failed unexpectedly", source, e);
            }
            return;
        } catch (PlumblineException e) {
            failure = e;
        } catch (Throwable e) {
            LOG.error("source {}: fetch failed unexpectedly", source, e);
            failure = new TransientException(Reasons.INTERNAL_ERROR, "fetching source '" + source
                    + "' failed unexpectedly: " + e, e);
        }
        try {
            listener.failed(source, failure, List.copyOf(causes));
        } catch (Throwable e) {
            LOG.error("source {}: acting on its failed fetch failed unexpectedly", source, e);
        }
    }

    @Override
    public void close() {
        synchronized (slots) {
            closed = true;
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
