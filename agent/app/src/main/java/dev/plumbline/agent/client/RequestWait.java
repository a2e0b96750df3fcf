package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.yaml.Durations;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits until a stack has handled a sync request: polls {@code GET /api/v1/stacks/{name}} every
 * {@code interval} until its {@code lastHandledRequest} reaches the request id (ids grow with time, so they
 * compare as strings), then returns the stack as it is then. Gives up after {@code timeout}, or at the
 * first error the agent answers.
 */
public final class RequestWait {

    /** How often {@code sync --wait} asks; a stack's run takes seconds, the question costs the agent little. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private final AdminClient client;
    private final Duration interval;

    public RequestWait(AdminClient client, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive");
        }
        this.client = client;
        this.interval = interval;
    }

    /** Whether a stack object shows the request handled. */
    public static boolean handled(JsonNode stack, String requestId) {
        String handled = JsonText.of(stack, "lastHandledRequest");
        return !handled.isEmpty() && handled.compareTo(requestId) >= 0;
    }

    /** The stack once it has handled {@code requestId}; throws {@link AdminClientException} otherwise. */
    public JsonNode until(String stack, String requestId, Duration timeout) {
        CompletableFuture<JsonNode> done = new CompletableFuture<>();
        AtomicReference<JsonNode> last = new AtomicReference<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "plumbline-sync-wait");
            thread.setDaemon(true);
            return thread;
        });
        try {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    JsonNode current = client.stack(stack);
                    last.set(current);
                    if (handled(current, requestId)) {
                        done.complete(current);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw AdminClientException.waitTimedOut(timedOut(stack, requestId, timeout, last.get()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminClientException.waitTimedOut("interrupted while waiting for " + stack
                    + " to handle request " + requestId);
        } finally {
            poller.shutdownNow();
        }
    }

    private static String timedOut(String stack, String requestId, Duration timeout, JsonNode last) {
        StringBuilder text = new StringBuilder(stack).append(" has not handled request ").append(requestId)
                .append(" after ").append(Durations.format(timeout));
        if (last != null) {
            String handled = JsonText.of(last, "lastHandledRequest");
            text.append(" (last handled: ").append(handled.isEmpty() ? "none" : handled);
            Condition.of(last, "Reconciling").filter(Condition::isTrue)
                    .ifPresent(c -> text.append("; reconciling: ").append(c.reason()));
            if (last.path("paused").asBoolean(false)) {
                text.append("; the stack is paused");
            }
            text.append(')');
        }
        return text.toString();
    }
}
