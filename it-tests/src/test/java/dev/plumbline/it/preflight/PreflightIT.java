package dev.plumbline.it.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline agent} as a process refuses to start, before it opens the state store, fetches or applies
 * anything, when its config names a token variable that is not set or an admin address another process
 * holds: it exits 1 at once with the problem at its line and no stack trace. {@code plumbline validate}
 * reports the same token problem.
 */
class PreflightIT {

    /** Set nowhere: the agent process is started without it. */
    private static final String TOKEN_VARIABLE = "PLUMBLINE_PREFLIGHT_IT_TOKEN";

    @TempDir
    Path dir;

    private Scenario scenario;

    /** The process's exit code and everything it printed. */
    private record Exit(int code, String output) {
    }

    @BeforeEach
    void aRepositoryWithAManifest() {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults().interval("1s"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
    }

    /** Replaces the admin section the scenario writes (line 2 and 3 of the config). */
    private Path admin(String section) throws IOException {
        String yaml = Files.readString(scenario.config()).replace("admin:\n  listen: 127.0.0.1:0\n", section);
        return Files.writeString(scenario.config(), yaml);
    }

    private Path withTokenFromAnUnsetVariable() throws IOException {
        return admin("admin:\n  listen: 127.0.0.1:0\n  tokens:\n    - { name: ops, role: operator, tokenEnv: "
                + TOKEN_VARIABLE + " }\n");
    }

    private Exit runAgent(Path config) throws Exception {
        Path log = dir.resolve("agent.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.plumbline.agent.cli.Main", "agent",
                "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove(TOKEN_VARIABLE);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the agent exits by itself; log:\n%s",
                    Files.readString(log)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Exit(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private void assertNothingOpenedOrApplied(Exit exit) {
        assertThat(exit.output()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("agent started");
        assertThat(scenario.stateDir()).as("no state.db, no mirrors").doesNotExist();
        assertThat(scenario.live()).as("nothing applied").doesNotExist();
    }

    @Test
    void aTokenVariableThatIsNotSetStopsTheAgentBeforeItOpensAnything() throws Exception {
        Path config = withTokenFromAnUnsetVariable();

        Exit exit = runAgent(config);

        assertThat(exit.code()).as(exit.output()).isEqualTo(1);
        assertThat(exit.output().lines().toList()).contains(config + ":5:46: admin token 'ops': environment"
                + " variable " + TOKEN_VARIABLE + " is not set");
        assertNothingOpenedOrApplied(exit);
    }

    @Test
    void anAdminAddressInUseStopsTheAgentNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Path config = admin("admin:\n  listen: " + address + "\n");

            Exit exit = runAgent(config);

            assertThat(exit.code()).as(exit.output()).isEqualTo(1);
            assertThat(exit.output().lines().toList()).containsExactly(config + ":3:11: cannot listen on " + address
                    + " (admin.listen): the address is already in use; stop what listens there or choose another"
                    + " port (0 picks a free one)");
            assertNothingOpenedOrApplied(exit);
        }
    }

    @Test
    void validateReportsTheTokenVariableThatIsNotSet() throws Exception {
        assertThat(System.getenv(TOKEN_VARIABLE)).as(TOKEN_VARIABLE + " must not be set for the tests").isNull();
        Path config = withTokenFromAnUnsetVariable();

        Cli.Result result = Cli.run("validate", "--config", config.toString());

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().lines().toList()).isEqualTo(List.of(config + ":5:46: admin token 'ops': environment"
                + " variable " + TOKEN_VARIABLE + " is not set"));
    }
}
