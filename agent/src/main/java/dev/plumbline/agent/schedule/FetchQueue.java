package dev.plumbline.agent.schedule;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.source.git.FetchResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches of sources, coalesced: asking for a fetch of a source that is being fetched adds the cause to
 * the next fetch instead of starting another, so a burst of pushes costs at most one more fetch. Each
 * fetch hands its result, with every cause folded into it, to the listener. Runs on its own threads.
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
    private final ExecutorService threads;
    private final Map<String, Slot<C>> slots = new HashMap<>();
    private final Set<String> fetchedOnce = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** One source: whether a fetch runs, and the causes waiting for the next one. */
    private static final class Slot<C> {
        boolean running;
        List<C> waiting = new ArrayList<>();
    }

    public FetchQueue(int threads, Function<String, FetchResult> fetch, Listener<C> listener) {
        this.fetch = fetch;
        this.listener = listener;
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, runnable -> {
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

    private void drain(String source, Slot<C> slot) {
        while (true) {
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
                FetchResult result = fetch.apply(source);
                fetchedOnce.add(source);
                listener.fetched(source, result, List.copyOf(causes));
            } catch (PlumblineException e) {
                listener.failed(source, e, List.copyOf(causes));
            } catch (RuntimeException e) {
                LOG.error("source {}: fetch failed unexpectedly", source, e);
            }
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
