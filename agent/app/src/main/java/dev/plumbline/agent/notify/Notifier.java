package dev.plumbline.agent.notify;

import dev.plumbline.config.NotificationConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link RunEvent}s to the configured notification targets: chat apps through Slack-compatible
 * incoming webhooks, and anything else as Plumbline's JSON document.
 *
 * <p>{@link #notify(RunEvent)} only queues: it returns at once, never throws and never waits for the network,
 * so a slow or broken chat server cannot hold a reconcile up. One daemon thread, {@code plumbline-notify},
 * posts the queued messages in order. A try that fails for a reason that may pass (an I/O error, a timeout,
 * {@code 408}, {@code 429}, {@code 5xx}) is tried again with exponential backoff (by default 6 tries, waiting
 * 2 s doubling, ±20%); any other answer ({@code 3xx}, {@code 4xx}) is given up at once. A message is sent at
 * most once per target, event, stack and revision (the last {@value #KEPT_KEYS} such keys are remembered).
 *
 * <p>A target's URL is a credential (a Slack webhook URL is the whole secret): logs name the target and the
 * URL's host, never its path or query.
 */
public final class Notifier implements AutoCloseable {

    /** Where messages go: a notification target of the config and its URL, read from the config or a secret. */
    public record Target(NotificationConfig config, URI url) {

        public Target {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                // not the URL itself: it is a credential
                throw new IllegalArgumentException("notification '" + config.name()
                        + "': the URL must be http:// or https:// with a host");
            }
        }

        public String name() {
            return config.name();
        }

        /** The name and the URL's host only: {@code team-chat (hooks.slack.com)}. */
        @Override
        public String toString() {
            return "'" + config.name() + "' (" + url.getHost() + ")";
        }
    }

    /** Counts deliveries: {@code plumbline_notifications_total{target, result}}. */
    public interface Metrics {

        /** A message reached its target (a {@code 2xx} answer). */
        String SENT = "sent";
        /** A try failed and another follows. */
        String RETRIED = "retried";
        /** The message was given up: a final answer, no tries left, the queue full, or the agent stopping. */
        String FAILED = "failed";

        void delivery(String target, String result);

        Metrics NONE = (target, result) -> { };
    }

    static final int DEFAULT_ATTEMPTS = 6;
    static final Duration DEFAULT_INITIAL_WAIT = Duration.ofSeconds(2);
    static final double MULTIPLIER = 2.0;
    static final double RANDOMIZATION = 0.2;
    /** How many (target, event, stack, revision) keys are remembered to send each once. */
    static final int KEPT_KEYS = 10_000;
    /** How many messages may wait (or be under way); more are dropped, with a warning. */
    static final int MAX_QUEUED = 1_000;
    /** How long one try may take, from connecting to the answer's headers. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #close()} lets queued messages go out. */
    static final long DRAIN_SECONDS = 5;
    static final Duration DRAIN = Duration.ofSeconds(DRAIN_SECONDS);
    static final String THREAD = "plumbline-notify";
    static final String USER_AGENT = "plumbline";
    /** The most of an answer's body a log line quotes. */
    static final int EXCERPT_BYTES = 200;

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private record Key(String target, NotificationConfig.Event event, String stack, String revision) {
    }

    private record Channel(Target target, Retry retry) {
    }

    private record Delivery(Channel channel, RunEvent event, Key key) {
    }

    private static final Delivery STOP = new Delivery(null, null, null);

    /** A try that failed; {@code retryable} when another may succeed. Its message holds no part of the URL but the host. */
    static final class Failure extends Exception {

        final boolean retryable;

        Failure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }

    private final List<Channel> channels;
    private final HttpClient http;
    private final Metrics metrics;
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final Thread worker;

    /** Guards {@link #seen}, {@link #pending} and {@link #closed}; {@link #awaitIdle} waits on it. */
    private final Object lock = new Object();
    private final Map<Key, Boolean> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > KEPT_KEYS;
        }
    };
    /** Messages queued or under way. */
    private int pending;
    private boolean closed;

    /** Tries each message up to 6 times, waiting 2 s, 4 s, 8 s, ... (±20%) between tries. */
    public Notifier(List<Target> targets, HttpClient http, Metrics metrics) {
        this(targets, http, metrics, DEFAULT_ATTEMPTS, DEFAULT_INITIAL_WAIT);
    }

    /** Tries each message up to {@code attempts} times, waiting {@code initialWait}, doubling (±20%), between tries. */
    public Notifier(List<Target> targets, HttpClient http, Metrics metrics, int attempts, Duration initialWait) {
        Objects.requireNonNull(targets, "targets");
        this.http = Objects.requireNonNull(http, "http");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(initialWait, MULTIPLIER, RANDOMIZATION))
                .retryOnException(e -> e instanceof Failure failure && failure.retryable)
                .build();
        List<Channel> channels = new ArrayList<>();
        for (Target target : targets) {
            Retry retry = Retry.of("notification-" + target.name(), config);
            retry.getEventPublisher().onRetry(event -> {
                count(target, Metrics.RETRIED);
                LOG.debug("notification {} to {}: try {} failed, trying again in {} ms: {}", target.name(),
                        target.url().getHost(), event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                        event.getLastThrowable() == null ? "" : event.getLastThrowable().getMessage());
            });
            channels.add(new Channel(target, retry));
        }
        this.channels = List.copyOf(channels);
        this.worker = new Thread(this::work, THREAD);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues a message about {@code event} for each target that listens to its kind of event and covers its
     * stack, unless that target was sent the same event for the same stack and revision before. Returns at
     * once; never throws.
     */
    public void notify(RunEvent event) {
        if (event == null) {
            return;
        }
        try {
            for (Channel channel : channels) {
                NotificationConfig config = channel.target().config();
                if (!config.on().contains(event.event()) || !config.covers(event.stack())) {
                    continue;
                }
                Key key = new Key(config.name(), event.event(), event.stack(), event.revision());
                if (!enqueue(new Delivery(channel, event, key))) {
                    continue;
                }
                LOG.debug("notification {} to {}: queued {} of stack {} at {}", config.name(),
                        channel.target().url().getHost(), event.event().word(), event.stack(), event.shortSha());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot queue a notification about stack {}: {}", event.stack(), e.toString());
        }
    }

    /** Whether the delivery was queued: not if its key was seen, the notifier is closed, or the queue is full. */
    private boolean enqueue(Delivery delivery) {
        synchronized (lock) {
            if (closed || seen.get(delivery.key()) != null) { // get, not containsKey: a key seen again stays longer
                return false;
            }
            if (pending >= MAX_QUEUED) {
                LOG.warn("notification {} to {}: {} messages wait already; dropped {} of stack {} at {}",
                        delivery.channel().target().name(), delivery.channel().target().url().getHost(), pending,
                        delivery.event().event().word(), delivery.event().stack(), delivery.event().shortSha());
                count(delivery.channel().target(), Metrics.FAILED);
                return false;
            }
            seen.put(delivery.key(), Boolean.TRUE);
            pending++;
            queue.add(delivery);
            return true;
        }
    }

    /** Waits until nothing is queued or under way; whether that happened within {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Stops taking messages and lets those queued go out for at most {@value #DRAIN_SECONDS} s; what is left
     * then is dropped, with a warning.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            worker.join(DRAIN.toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(1_000);
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        try {
            while (true) {
                Delivery delivery = queue.take();
                if (delivery == STOP) {
                    return;
                }
                try {
                    deliver(delivery);
                } finally {
                    done();
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // close() ran out of time
        }
        int dropped = 0;
        for (Delivery delivery = queue.poll(); delivery != null; delivery = queue.poll()) {
            if (delivery != STOP) {
                dropped++;
                count(delivery.channel().target(), Metrics.FAILED);
                done();
            }
        }
        if (dropped > 0) {
            LOG.warn("stopped with {} notifications not sent", dropped);
        }
    }

    private void done() {
        synchronized (lock) {
            pending--;
            if (pending == 0) {
                lock.notifyAll();
            }
        }
    }

    private void deliver(Delivery delivery) {
        Target target = delivery.channel().target();
        RunEvent event = delivery.event();
        AtomicInteger tries = new AtomicInteger();
        try {
            byte[] body = Messages.body(target.config().type(), event);
            delivery.channel().retry().executeCallable(() -> {
                tries.incrementAndGet();
                post(target, event, body);
                return null;
            });
            count(target, Metrics.SENT);
            LOG.debug("notification {} to {}: sent {} of stack {} at {}", target.name(), target.url().getHost(),
                    event.event().word(), event.stack(), event.shortSha());
        } catch (Failure failure) {
            count(target, Metrics.FAILED);
            // an interrupted wait between tries (close() out of time) ends here too, with the last try's failure
            String why = failure.getMessage()
                    + (Thread.currentThread().isInterrupted() ? " (the agent is stopping)" : "");
            LOG.warn(givenUp(target, event, tries.get(), why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(target, Metrics.FAILED);
            LOG.warn(givenUp(target, event, tries.get(), "the agent is stopping"));
        } catch (Exception e) {
            count(target, Metrics.FAILED);
            String why = Thread.currentThread().isInterrupted() ? "the agent is stopping"
                    : e.getClass().getSimpleName();
            LOG.warn(givenUp(target, event, tries.get(), why));
        }
    }

    /**
     * The warning for a message given up. It names the target and the URL's host, never the URL's path or
     * query: for a Slack webhook those are the secret.
     */
    static String givenUp(Target target, RunEvent event, int tries, String why) {
        return "notification " + target.name() + " to " + target.url().getHost() + ": gave up on "
                + event.event().word() + " of stack " + event.stack() + " at " + event.shortSha() + " after "
                + tries + (tries == 1 ? " try: " : " tries: ") + redact(why, target.url());
    }

    private void post(Target target, RunEvent event, byte[] body) throws Failure, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Plumbline-Event", event.event().word())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Failure(redact(describe(e), target.url()), true);
        }
        int status = response.statusCode();
        String excerpt = excerpt(response);
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        throw new Failure(redact("HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt), target.url()), retryable);
    }

    /** The start of the answer's body, on one line, for the log. The rest is not read. */
    private static String excerpt(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] start = in.readNBytes(EXCERPT_BYTES);
            return Messages.oneLine(new String(start, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if ((message == null || message.isBlank()) && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        String name = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + Messages.oneLine(message);
    }

    /**
     * {@code text} without the URL, its path, its query or its last path segment (where Slack, Mattermost and
     * Discord keep the token), in case an exception or an answer quotes them.
     */
    static String redact(String text, URI url) {
        String redacted = text;
        List<String> secrets = new ArrayList<>();
        secrets.add(url.toString());
        for (String part : new String[] {url.getRawPath(), url.getPath(), url.getRawQuery(), url.getQuery()}) {
            if (part != null && part.length() > 1) {
                secrets.add(part);
            }
        }
        String path = url.getRawPath();
        if (path != null) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            if (last.length() > 3) {
                secrets.add(last);
            }
        }
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "…");
        }
        return redacted;
    }

    private void count(Target target, String result) {
        try {
            metrics.delivery(target.name(), result);
        } catch (RuntimeException e) {
            LOG.debug("cannot count a notification delivery", e);
        }
    }
}
