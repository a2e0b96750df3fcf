package dev.plumbline.agent.githost;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous front of one source's {@link GitHostApi}, so that no reconcile waits on a Git host:
 * {@link #status} and {@link #comment} queue their call and return at once, and one worker thread
 * ({@code plumbline-githost-<source>}) makes the calls in order.
 *
 * <p>A call that fails transiently ({@link GitHostException#transientFailure()}) is tried again with
 * exponential backoff and randomization (by default 5 tries, waiting 1 s, then about 2 s, 4 s, 8 s); one
 * that the host refuses is not. A call given up on is logged as a warning.
 *
 * <p>Calls still queued are coalesced: a newer status for the same commit and context replaces the queued
 * one, as does a newer comment for the same pull request (and marker). A status the same in state and
 * description as the last one sent for its commit and context is not sent again.
 *
 * <p>Every call ends in {@link Metrics#call}: {@code ok}, {@code retried} for each try that failed with
 * another to follow, or {@code failed} when given up.
 */
public final class GitHostPoster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitHostPoster.class);

    /** Where the results of the calls are counted. */
    public interface Metrics {
        /**
         * @param call   {@code status} or {@code comment}
         * @param result {@code ok}, {@code retried} or {@code failed}
         */
        void call(String source, String call, String result);
    }

    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_WAIT = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for the queue to drain. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final double MULTIPLIER = 2.0;
    private static final double RANDOMIZATION = 0.5;
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);
    /** The most (commit, context) pairs whose last sent status is remembered. */
    private static final int SENT_REMEMBERED = 1_000;

    private record StatusKey(String sha, String context) {
    }

    private record CommentKey(long pullRequest, String marker) {
    }

    private sealed interface Task permits StatusTask, CommentTask {
        Object key();

        String call();

        String what();
    }

    private record StatusTask(String sha, CommitStatus status) implements Task {
        @Override
        public Object key() {
            return new StatusKey(sha, status.context());
        }

        @Override
        public String call() {
            return "status";
        }

        @Override
        public String what() {
            return "status " + status.state() + " '" + status.context() + "' on " + sha;
        }
    }

    private record CommentTask(long pullRequest, String marker, String body) implements Task {
        @Override
        public Object key() {
            return new CommentKey(pullRequest, marker);
        }

        @Override
        public String call() {
            return "comment";
        }

        @Override
        public String what() {
            return "comment on pull request " + pullRequest;
        }
    }

    private final String source;
    private final GitHostApi api;
    private final Metrics metrics;
    private final Retry retry;
    private final Thread worker;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}; a replaced task keeps its place. */
    private final LinkedHashMap<Object, Task> queue = new LinkedHashMap<>();
    private boolean busy;
    private boolean closing;
    private volatile boolean stopping;

    /** The worker's own: the last status sent per commit and context. */
    private final Map<StatusKey, CommitStatus> sent = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<StatusKey, CommitStatus> eldest) {
            return size() > SENT_REMEMBERED;
        }
    };
    /** The worker's own: the call being tried, for the retry events. */
    private volatile String current = "status";

    public GitHostPoster(String source, GitHostApi api, Metrics metrics) {
        this(source, api, metrics, DEFAULT_ATTEMPTS, DEFAULT_INITIAL_WAIT);
    }

    /**
     * @param attempts    how many tries a call gets in all (at least 1)
     * @param initialWait the wait after the first failed try; each further one about doubles it
     */
    public GitHostPoster(String source, GitHostApi api, Metrics metrics, int attempts, Duration initialWait) {
        this.source = Objects.requireNonNull(source, "source");
        this.api = Objects.requireNonNull(api, "api");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (initialWait.isNegative() || initialWait.isZero()) {
            throw new IllegalArgumentException("the initial wait must be positive, not " + initialWait);
        }
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialWait, MULTIPLIER, RANDOMIZATION,
                        MAX_WAIT.compareTo(initialWait) > 0 ? MAX_WAIT : initialWait))
                .retryOnException(e -> e instanceof GitHostException failure && failure.transientFailure())
                .build();
        this.retry = Retry.of("githost-" + source, config);
        retry.getEventPublisher().onRetry(event -> {
            metrics.call(source, current, "retried");
            LOG.info("Git host of source {}: {} (try {} of {}, again in {} ms)", source,
                    event.getLastThrowable() == null ? "a call failed" : event.getLastThrowable().getMessage(),
                    event.getNumberOfRetryAttempts(), attempts, event.getWaitInterval().toMillis());
        });
        this.worker = new Thread(this::work, "plumbline-githost-" + source);
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues commit status {@code status} for commit {@code sha} and returns at once. */
    public void status(String sha, CommitStatus status) {
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(status, "status");
        enqueue(new StatusTask(sha, status));
    }

    /**
     * Queues the agent's comment on pull request {@code pullRequest} ({@link GitHostApi#upsertComment}) and
     * returns at once.
     *
     * @throws IllegalArgumentException when {@code body} does not contain {@code marker}
     */
    public void comment(long pullRequest, String marker, String body) {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(body, "body");
        if (marker.isBlank() || !body.contains(marker)) {
            throw new IllegalArgumentException("a pull request comment's body must contain its marker");
        }
        enqueue(new CommentTask(pullRequest, marker, body));
    }

    private void enqueue(Task task) {
        synchronized (lock) {
            if (closing) {
                LOG.warn("Git host of source {}: {} not sent, the agent is stopping", source, task.what());
                return;
            }
            queue.put(task.key(), task);
            lock.notifyAll();
        }
    }

    /**
     * Waits until every queued call has been made (or given up on).
     *
     * @throws IllegalStateException when calls are still queued or under way after {@code timeout}
     */
    public void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!queue.isEmpty() || busy) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the Git host poster of source " + source + " is still busy after "
                            + timeout + " (" + queue.size() + " queued)");
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Git host poster", e);
                }
            }
        }
    }

    /** Lets the queued calls be made, for {@link #CLOSE_WAIT} at most, then stops the worker. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
        }
        try {
            worker.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            int dropped;
            synchronized (lock) {
                stopping = true;
                dropped = queue.size();
                queue.clear();
                lock.notifyAll();
            }
            worker.interrupt();
            LOG.warn("Git host of source {}: stopped after {} with {} call(s) not made", source, CLOSE_WAIT, dropped);
        }
    }

    private void work() {
        while (true) {
            Task task;
            synchronized (lock) {
                while (queue.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty() || stopping) {
                    return;
                }
                Iterator<Task> first = queue.values().iterator();
                task = first.next();
                first.remove();
                busy = true;
            }
            try {
                run(task);
            } catch (RuntimeException e) {
                LOG.warn("Git host of source {}: {} failed: {}", source, task.what(), e.toString());
            } finally {
                synchronized (lock) {
                    busy = false;
                    lock.notifyAll();
                }
            }
        }
    }

    private void run(Task task) {
        StatusKey statusKey = null;
        if (task instanceof StatusTask status) {
            statusKey = new StatusKey(status.sha(), status.status().context());
            CommitStatus last = sent.get(statusKey);
            if (last != null && last.state() == status.status().state()
                    && last.description().equals(status.status().description())) {
                LOG.debug("Git host of source {}: {} was sent already", source, task.what());
                return;
            }
        }
        current = task.call();
        try {
            retry.executeRunnable(() -> {
                if (task instanceof StatusTask status) {
                    api.postStatus(status.sha(), status.status());
                } else if (task instanceof CommentTask comment) {
                    api.upsertComment(comment.pullRequest(), comment.marker(), comment.body());
                }
            });
        } catch (RuntimeException e) {
            metrics.call(source, task.call(), "failed");
            LOG.warn("Git host of source {}: {} given up: {}", source, task.what(),
                    e instanceof GitHostException ? e.getMessage() : e.toString());
            return;
        }
        metrics.call(source, task.call(), "ok");
        if (statusKey != null) {
            sent.put(statusKey, ((StatusTask) task).status());
        }
    }
}
