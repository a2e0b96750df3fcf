package dev.plumbline.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.cli.Main;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line client against a real running agent: status, history, plan, sync --wait, pause and
 * resume with the operator's token; the viewer's token is refused for pause with a clear message; a wrong
 * token and an unreachable agent say what is wrong, and exit 1.
 */
class ClientCliIT {

    @TempDir
    Path dir;

    private static Cli.Result client(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli.Result(code, out.toString(), err.toString());
    }

    @Test
    void operatesARunningAgentFromTheCommandLine() throws IOException {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        String sha = scenario.manifest("motd", "motd", "hello").repo().commit("First commit");
        try (Operated agent = Operated.start(scenario)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
            Map<String, String> ops = Map.of("PLUMBLINE_SERVER", agent.url(), "PLUMBLINE_TOKEN", Operated.OPERATOR);
            Path viewerToken = Files.writeString(dir.resolve("viewer-token"), Operated.VIEWER + "\n");

            Cli.Result status = client(ops, "status");
            assertThat(status.code()).as(status.toString()).isZero();
            assertThat(status.out()).contains("web", "True", sha.substring(0, 7));

            Cli.Result detail = client(ops, "status", "web", "-o", "json");
            assertThat(detail.out()).contains("\"lastApplied\"", "\"message\" : \"First commit\"");

            Cli.Result history = client(ops, "history", "web");
            assertThat(history.out()).contains("startup", "applied", sha.substring(0, 7));

            Cli.Result plan = client(ops, "plan", "web");
            assertThat(plan.code()).as(plan.toString()).isZero();
            assertThat(plan.out()).contains("0 to create, 0 to update, 0 to delete");

            Cli.Result sync = client(ops, "sync", "web", "--wait", "--timeout", "30s");
            assertThat(sync.code()).as(sync.toString()).isZero();

            Cli.Result refused = client(Map.of("PLUMBLINE_SERVER", agent.url()), "pause", "web", "--token-file",
                    viewerToken.toString());
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("403").contains("operator");

            assertThat(client(ops, "pause", "web").code()).isZero();
            assertThat(client(ops, "status", "web").out()).containsIgnoringCase("paused");
            assertThat(client(ops, "resume", "web").code()).isZero();

            Cli.Result wrongToken = client(Map.of("PLUMBLINE_SERVER", agent.url(), "PLUMBLINE_TOKEN", "nope"),
                    "status");
            assertThat(wrongToken.code()).isEqualTo(1);
            assertThat(wrongToken.err()).contains("refused the token (401)").doesNotContain("nope");
        }
    }

    @Test
    void anUnreachableAgentIsSaidPlainly() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli.Result result = client(Map.of("PLUMBLINE_TOKEN", "x"), "status", "--server", "http://127.0.0.1:" + port);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot reach the agent at http://127.0.0.1:" + port)
                .doesNotContain("Exception");
    }
}
