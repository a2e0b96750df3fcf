package dev.plumbline.it.faults;

import dev.plumbline.agent.Daemon;
import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole daemon (agent, admin API, health) in this JVM for one fault test: it writes
 * {@code <dir>/plumbline.yaml} from the sources, providers and stacks the test gives, with the state in
 * {@code <dir>/state} and the admin API on a free loopback port with a viewer token, and starts it. The
 * test reads back what a person would: the status and history in the state store, the admin API's view of
 * a stack, and {@code /healthz}.
 */
final class FaultAgent implements AutoCloseable {

    static final String VIEWER = "faults-viewer-3b9d0e71c4";

    private final Daemon daemon;
    private final Path stateDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FaultAgent(Daemon daemon, Path stateDir) {
        this.daemon = daemon;
        this.stateDir = stateDir;
    }

    /** Starts a daemon on {@code body} (the YAML after {@code stateDir} and {@code admin}). */
    static FaultAgent start(Path dir, String body, Map<String, String> environment) {
        String yaml = """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                  tokens:
                    - { name: dash, role: viewer, tokenEnv: FAULTS_VIEWER_TOKEN }
                """ + body;
        Path config = dir.resolve("plumbline.yaml");
        try {
            Files.writeString(config, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(environment);
        env.put("FAULTS_VIEWER_TOKEN", VIEWER);
        Daemon daemon = Daemon.start(ConfigLoader.load(config), Clock.systemUTC(), Map.copyOf(env));
        return new FaultAgent(daemon, dir.resolve("state"));
    }

    static FaultAgent start(Path dir, String body) {
        return start(dir, body, Map.of());
    }

    /** The stack's status as the state store holds it, if it has one yet. */
    Optional<StackStatus> status(String stack) {
        try (StateStore store = SqliteStateStore.open(stateDir)) {
            return store.status(stack);
        }
    }

    /** The stack's status; fails when it has none yet. */
    StackStatus requireStatus(String stack) {
        return status(stack).orElseThrow(() -> new AssertionError("no status for stack " + stack + " yet"));
    }

    /** Whether the stack's status has this condition and reason. */
    boolean is(String stack, String condition, String reason) {
        return status(stack).map(s -> s.condition().equals(condition) && s.reason().equals(reason)).orElse(false);
    }

    /** The stack's last runs, newest first. */
    List<RunRecord> history(String stack) {
        try (StateStore store = SqliteStateStore.open(stateDir)) {
            return store.history(stack, 50);
        }
    }

    /**
     * {@code GET /api/v1/stacks/<stack>} as a viewer: the JSON body without white space, so that a test can
     * look for {@code "reason":"FetchFailed"} (fails on another status than 200).
     */
    String apiStack(String stack) {
        HttpResponse<String> response = get("/api/v1/stacks/" + stack, VIEWER);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/v1/stacks/" + stack + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().replaceAll("\\s+", "");
    }

    /** One sample of {@code GET /metrics}: the value of {@code name} whose labels contain {@code label}; 0 if none. */
    double metric(String name, String label) {
        String text = get("/metrics", VIEWER).body();
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (sample.find()) {
            if (sample.group(1).contains(label)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return 0;
    }

    /** The status code of {@code GET /healthz}. */
    int healthz() {
        return get("/healthz", null).statusCode();
    }

    Daemon daemon() {
        return daemon;
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon.url() + path)).GET()
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the daemon does not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
