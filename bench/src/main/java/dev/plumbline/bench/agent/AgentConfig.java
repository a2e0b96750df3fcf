package dev.plumbline.bench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The config every figure runs Plumbline with: one source {@code infra} (a {@code file://} repository,
 * polled hourly, with a webhook secret), one provider {@code target}, one stack {@code bench} of the
 * source's {@code stacks/bench} with auto sync, prune and selfHeal on and an hourly drift check (so that
 * only the bench starts runs), and an admin API on a free loopback port with an operator token. Relative
 * paths ({@code ./state}, a files provider's {@code ./live}) are under the config's directory.
 */
public final class AgentConfig {

    public static final String STACK = "bench";
    public static final String STACK_PATH = "stacks/bench";
    public static final String SOURCE = "infra";
    public static final String OPERATOR_TOKEN = "bench-operator-5f1c0d2a";
    public static final String HOOK_SECRET = "bench-hook-9b3e77";
    /** The environment every Plumbline process of the bench gets: the token and secret the config names. */
    public static final Map<String, String> ENVIRONMENT = Map.of("BENCH_OPS_TOKEN", OPERATOR_TOKEN,
            "BENCH_HOOK_SECRET", HOOK_SECRET);

    private AgentConfig() {
    }

    /** A files provider writing under {@code dir/live}. */
    public static String files() {
        return "{ name: target, type: files, root: ./live }";
    }

    /** Writes {@code dir/plumbline.yaml} for a repository at {@code url} and the provider given; returns it. */
    public static Path write(Path dir, String url, String provider) {
        String yaml = """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                  tokens:
                    - { name: bench, role: operator, tokenEnv: BENCH_OPS_TOKEN }
                sources:
                  - name: %s
                    url: %s
                    ref: main
                    interval: 1h
                    webhook: { secretEnv: BENCH_HOOK_SECRET }
                providers:
                  - %s
                stacks:
                  - name: %s
                    source: %s
                    path: %s
                    provider: target
                    sync: { auto: true, prune: true, selfHeal: true }
                    driftInterval: 1h
                """.formatted(SOURCE, url, provider, STACK, SOURCE, STACK_PATH);
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("plumbline.yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
