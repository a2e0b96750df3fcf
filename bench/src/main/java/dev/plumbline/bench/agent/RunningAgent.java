package dev.plumbline.bench.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code plumbline agent} started by the launcher in a process of its own, and what the bench asks of it
 * over its admin API: metrics, a sync and its end, a webhook delivery, a stack's status. The agent's JVM
 * (the launcher's child, or the launcher itself once it has exec'd) is what memory is read from. Closing it
 * sends SIGTERM to that JVM and waits; SIGKILL after a minute.
 */
public final class RunningAgent implements AutoCloseable {

    /**
     * How often the waits for a run poll the agent: a figure that is the agent's own duration of a run
     * (its metrics) does not need the end sooner, and a poll of the stack or the metrics takes the agent 4 to
     * 10 ms, which every 20 ms took a good part of one of the two cores from the run being measured.
     */
    private static final Duration GENTLE = Duration.ofMillis(150);

    private static final Pattern LISTENING = Pattern.compile("admin API listening on (https?://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_WITHIN = Duration.ofMinutes(3);

    private final Process launcher;
    private final Path log;
    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningAgent(Process launcher, Path log, String url, String token) {
        this.launcher = launcher;
        this.log = log;
        this.url = url;
        this.token = token;
    }

    /**
     * Starts {@code plumbline agent --config CONFIG} with {@code environment} (tokens, secrets, and
     * {@code PLUMBLINE_JAVA_OPTS} if any) and waits until its admin API listens. {@code token} is an operator
     * token the config grants.
     */
    public static RunningAgent start(Launcher launcher, Path config, Path log, Map<String, String> environment,
                                     String token) {
        Process process = launcher.start(log, environment, "agent", "--config", config.toString());
        try {
            String url = Awaitility.await().atMost(START_WITHIN).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> listening(process, log), Optional::isPresent)
                    .orElseThrow();
            return new RunningAgent(process, log, url, token);
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the agent did not start (no admin API within "
                    + START_WITHIN.toMinutes() + " min); its log ends:\n" + tail(read(log)));
        }
    }

    /** The admin API's URL once the log says it listens; fails when the process ended first. */
    private static Optional<String> listening(Process process, Path log) {
        Matcher matcher = LISTENING.matcher(read(log));
        if (matcher.find()) {
            return Optional.of(matcher.group(1));
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the agent did not start (exit " + process.exitValue()
                    + "); its log ends:\n" + tail(read(log)));
        }
        return Optional.empty();
    }

    public String url() {
        return url;
    }

    public Path log() {
        return log;
    }

    /** The agent's JVM: the launcher's process once it has exec'd java, else its java child. */
    public ProcessHandle jvm() {
        ProcessHandle handle = launcher.toHandle();
        if (isJava(handle)) {
            return handle;
        }
        return handle.descendants().filter(RunningAgent::isJava).findFirst()
                .orElseThrow(() -> new IllegalStateException("the agent's JVM is not running"));
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(command -> command.endsWith("/java")).orElse(false);
    }

    public Metrics metrics() {
        return new Metrics(get("/metrics").body());
    }

    /** The stack's status, as {@code GET /api/v1/stacks/{name}} answers it. */
    public JsonNode stack(String name) {
        HttpResponse<String> response = get("/api/v1/stacks/" + name);
        return json(response, "stack " + name);
    }

    /** The reason and message of the stack's {@code Ready} condition: why its last run ended as it did. */
    public String ready(String name) {
        for (JsonNode condition : stack(name).path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition.path("reason").asText() + ": " + condition.path("message").asText();
            }
        }
        return "no Ready condition";
    }

    /** Asks for a sync of the stack and waits until a run has handled it; returns the request id. */
    public String syncAndWait(String stack, Duration within) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/stacks/" + stack + "/sync"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("sync of " + stack + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        String requestId = json(response, "sync").path("requestId").asText();
        await("stack " + stack + " to handle sync " + requestId, within, GENTLE, () -> {
            String handled = stack(stack).path("lastHandledRequest").asText("");
            return handled.compareTo(requestId) >= 0;
        });
        return requestId;
    }

    /** Waits until the agent has finished {@code runs} reconciles of the stack in all (its metric's count). */
    public void awaitRuns(String stack, double runs, Duration within) {
        await("stack " + stack + " to finish " + (long) runs + " runs", within, GENTLE,
                () -> metrics().sum("plumbline_reconcile_duration_seconds_count", label(stack)) >= runs);
    }

    /** Delivers a webhook to {@code /hooks/{source}}; returns the status. */
    public int hook(String source, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/hooks/" + source))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request).statusCode();
    }

    /** The label that selects a stack's series: {@code stack="NAME"}. */
    public static String label(String stack) {
        return "stack=\"" + stack + "\"";
    }

    /** The last line of the agent's log that matches, if any. */
    public Optional<String> lastLogLine(Pattern pattern) {
        String found = null;
        for (String line : read(log).split("\n")) {
            if (pattern.matcher(line).find()) {
                found = line;
            }
        }
        return Optional.ofNullable(found);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private URI uri(String path) {
        return URI.create(url + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the agent at " + url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ", not JSON: "
                    + response.body(), e);
        }
    }

    /** Polls every 20 ms until {@code condition} holds; fails with the end of the agent's log otherwise. */
    public void await(String what, Duration within, BooleanSupplier condition) {
        await(what, within, Duration.ofMillis(20), condition);
    }

    /** As above, polling every {@code interval}. */
    private void await(String what, Duration within, Duration interval, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(within).pollDelay(Duration.ZERO).pollInterval(interval)
                    .until(() -> {
                        if (condition.getAsBoolean()) {
                            return true;
                        }
                        if (!launcher.isAlive()) {
                            throw new IllegalStateException("the agent died waiting for " + what
                                    + "; its log ends:\n" + tail(read(log)));
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("timed out after " + within.toSeconds() + " s waiting for " + what
                    + "; the agent's log ends:\n" + tail(read(log)));
        }
    }

    @Override
    public void close() {
        ProcessHandle jvm = launcher.toHandle().descendants().filter(RunningAgent::isJava).findFirst()
                .orElse(launcher.toHandle());
        jvm.destroy();
        try {
            jvm.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            jvm.destroyForcibly();
        }
        launcher.destroy();
        try {
            if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launcher.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "agent at " + url;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }
}
