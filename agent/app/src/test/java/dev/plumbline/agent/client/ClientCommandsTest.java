package dev.plumbline.agent.client;

import static dev.plumbline.agent.client.ApiFixtures.PINNED_SHA;
import static dev.plumbline.agent.client.ApiFixtures.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status}, {@code history}, {@code pause}, {@code resume}, {@code rollback} against a fake agent. */
class ClientCommandsTest {

    private static final String TOKEN = "s3cret-token-do-not-print";

    @TempDir
    Path dir;

    private FakeAdminServer agent;
    private Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAdminServer();
        tokenFile = Files.writeString(dir.resolve("token"), "\n  " + TOKEN + "  \n");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private Cli.Result plumbline(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--server", agent.url(), "--token-file", tokenFile.toString()}, 0, all,
                args.length, 4);
        Cli.Result result = Cli.run(all);
        assertThat(result.out() + result.err()).doesNotContain(TOKEN);
        return result;
    }

    @Test
    void statusListsEveryStackInATable() {
        agent.answer("GET /api/v1/stacks", 200, ApiFixtures.STACKS);

        Cli.Result result = plumbline("status");

        assertThat(result.code()).isZero();
        assertThat(agent.onlyRequest().authorization()).isEqualTo("Bearer " + TOKEN);
        List<String> lines = result.out().lines().toList();
        assertThat(cells(lines.get(0))).containsExactly("NAME", "READY", "REVISION", "AGE", "PAUSED/PINNED",
                "DRIFTED", "MESSAGE");
        assertThat(cells(row(lines, "web"))).containsExactly("web", "True (ReconciliationSucceeded)", "ca84d13",
                cells(row(lines, "web")).get(3), "-", "0", "applied revision main@ca84d13");
        List<String> db = cells(row(lines, "db"));
        assertThat(db.subList(0, 3)).containsExactly("db", "False (DriftDetected)", "0352a8a");
        assertThat(db.subList(4, 7)).containsExactly("paused, pinned d145a2a", "2",
                ApiFixtures.DB_MESSAGE.substring(0, 59).stripTrailing() + "…");
    }

    @Test
    void statusOfOneStackShowsItInFull() {
        agent.answer("GET /api/v1/stacks/web", 200, ApiFixtures.web("True", "ReconciliationSucceeded",
                REQUEST_ID));

        Cli.Result result = plumbline("status", "web");

        assertThat(result.code()).isZero();
        assertThat(agent.onlyRequest().path()).isEqualTo("/api/v1/stacks/web");
        assertThat(result.out()).contains(
                "Stack:          web\n",
                "Source:         infra (stacks/web)\n",
                "Sync:           auto, prune\n",
                "Paused:         no\n",
                "Pinned:         no\n",
                "Last applied:   ca84d13 \"Move to 8080\" by Ada <ada@example.org>, 2026-11-24T10:00:01Z (",
                "Last attempted: ca84d13 \"Move to 8080\" by Ada <ada@example.org>, 2026-11-24T10:00:00Z (",
                "Next run:       2026-11-24T10:05:01Z (",
                "Last request:   " + REQUEST_ID + " (handled)\n",
                "Conditions:\n");
        List<String> lines = result.out().lines().toList();
        assertThat(cells(row(lines, "  Ready"))).containsExactly("Ready", "True", "ReconciliationSucceeded",
                "applied revision main@ca84d13");
        assertThat(cells(row(lines, "  Reconciling"))).containsExactly("Reconciling", "False", "Idle", "-");
    }

    @Test
    void jsonOutputIsTheAnswerAsReceived() throws IOException {
        agent.answer("GET /api/v1/stacks", 200, ApiFixtures.STACKS)
                .answer("GET /api/v1/stacks/web/history", 200, ApiFixtures.HISTORY);
        ObjectMapper json = new ObjectMapper();

        Cli.Result status = plumbline("status", "-o", "json");
        Cli.Result history = plumbline("history", "web", "--output", "json");

        assertThat(status.code()).isZero();
        assertThat(json.readTree(status.out())).isEqualTo(json.readTree(ApiFixtures.STACKS));
        assertThat(status.out()).startsWith("{\n  \"stacks\" : [ {\n    \"name\" : \"web\",");
        assertThat(json.readTree(history.out())).isEqualTo(json.readTree(ApiFixtures.HISTORY));
    }

    @Test
    void historyListsRunsNewestFirst() {
        agent.answer("GET /api/v1/stacks/web/history", 200, ApiFixtures.HISTORY);

        Cli.Result result = plumbline("history", "web", "--limit", "5");

        assertThat(result.code()).isZero();
        assertThat(agent.onlyRequest().query()).isEqualTo("limit=5");
        List<String> lines = result.out().lines().toList();
        assertThat(cells(lines.get(0))).containsExactly("ID", "STARTED", "TRIGGER", "REVISION", "RESULT",
                "DURATION", "CHANGES", "MESSAGE");
        assertThat(cells(lines.get(1))).containsExactly("12", "2026-11-24 10:00:00Z", "webhook", "ca84d13",
                "applied", "412ms", "+1 ~2 -3", "applied 1 change");
        assertThat(cells(lines.get(2))).containsExactly("11", "2026-11-24 09:00:00Z", "poll", "0352a8a",
                "failed", "1m5s", "+0 ~0 -0", "x".repeat(59) + "…");
    }

    @Test
    void historyWithoutLimitLeavesItToTheAgentAndRefusesNonsense() {
        agent.answer("GET /api/v1/stacks/web/history", 200, "{ \"stack\": \"web\", \"runs\": [] }");

        Cli.Result none = plumbline("history", "web");
        Cli.Result zero = plumbline("history", "web", "--limit", "0");

        assertThat(none.code()).isZero();
        assertThat(none.out()).isEqualTo("No runs of web yet.\n");
        assertThat(agent.onlyRequest().query()).isNull();
        assertThat(zero.code()).isEqualTo(1);
        assertThat(zero.err()).startsWith("error: --limit must be between 1 and 500, not 0\n");
    }

    @Test
    void pauseResumeAndRollbackSayWhatHappenedInOneLine() {
        agent.answer("POST /api/v1/stacks/web/pause", 200, ApiFixtures.PAUSE)
                .answer("POST /api/v1/stacks/web/resume", 200, ApiFixtures.RESUME)
                .answer("POST /api/v1/stacks/web/rollback", 202, ApiFixtures.ROLLBACK);

        Cli.Result pause = plumbline("pause", "web");
        Cli.Result resume = plumbline("resume", "web");
        Cli.Result rollback = plumbline("rollback", "web", "--revision", PINNED_SHA.toUpperCase());

        assertThat(List.of(pause.code(), resume.code(), rollback.code())).containsOnly(0);
        assertThat(pause.out()).isEqualTo("web paused: nothing is applied to it until 'plumbline resume web'\n");
        assertThat(resume.out()).isEqualTo("web resumed, not paused or pinned; reconcile at the source's current"
                + " revision requested (request " + REQUEST_ID + ")\n");
        assertThat(rollback.out()).isEqualTo("web pinned to d145a2a and rolling back to it (request " + REQUEST_ID
                + "); new commits are not applied until 'plumbline resume web'\n");
        assertThat(agent.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /api/v1/stacks/web/pause", "POST /api/v1/stacks/web/resume",
                "POST /api/v1/stacks/web/rollback");
        assertThat(agent.requests().get(2).body()).isEqualTo("{\"revision\":\"" + PINNED_SHA + "\"}");
    }

    @Test
    void rollbackWantsAFullShaBeforeAskingTheAgent() {
        Cli.Result result = plumbline("rollback", "web", "--revision", "d145a2a");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: --revision must be a full 40-hex commit SHA (git rev-parse"
                + " d145a2a prints it), not 'd145a2a'\n");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void aRefusedTokenSaysHowToGiveOne() {
        agent.answer("GET /api/v1/stacks", 401, ApiFixtures.error("Unauthorized", "missing or unknown token"));

        Cli.Result result = plumbline("status");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: the agent at " + agent.url() + " refused the token (401): set"
                + " PLUMBLINE_TOKEN or --token-file to a valid token\n");
    }

    @Test
    void aViewerTokenIsToldItNeedsTheOperatorRole() {
        agent.answer("POST /api/v1/stacks/web/pause", 403,
                ApiFixtures.error("Forbidden", "token 'dash' has role viewer; pause needs operator"));

        Cli.Result result = plumbline("pause", "web");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: token 'dash' may not pause (403): it needs the operator role\n");
    }

    @Test
    void anUnknownStackIsNamed() {
        agent.answer("GET /api/v1/stacks/nope", 404, ApiFixtures.error("NotFound", "no stack 'nope'"));

        Cli.Result result = plumbline("status", "nope");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no stack named nope\n");
    }

    @Test
    void aConflictPrintsTheAgentsMessage() {
        agent.answer("POST /api/v1/stacks/web/sync", 409, ApiFixtures.error("Paused",
                "web is paused: resume it first"));

        Cli.Result result = plumbline("sync", "web");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: web is paused: resume it first\n");
    }

    @Test
    void anAgentThatIsNotThereIsOneLine() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Cli.Result result = Cli.run("status", "--server", "http://127.0.0.1:" + port);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: cannot reach the agent at http://127.0.0.1:" + port
                + ": connection refused\n");
    }

    @Test
    void serverAndTokenComeFromTheEnvironmentUnlessGiven() throws IOException {
        agent.answer("GET /api/v1/stacks", 200, ApiFixtures.STACKS);
        Map<String, String> env = Map.of("PLUMBLINE_SERVER", agent.url(), "PLUMBLINE_TOKEN", "env-token");
        Path other = Files.writeString(dir.resolve("other"), "file-token");

        Cli.Result fromEnv = Cli.runWith(env, "status");
        Cli.Result fromFile = Cli.runWith(env, "status", "--token-file", other.toString());

        assertThat(fromEnv.code()).isZero();
        assertThat(fromFile.code()).isZero();
        assertThat(agent.requests()).extracting(FakeAdminServer.Request::authorization)
                .containsExactly("Bearer env-token", "Bearer file-token");
        assertThat(fromEnv.out() + fromEnv.err()).doesNotContain("env-token");
    }

    @Test
    void theTopLevelHelpListsTheClientCommands() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.out()).contains("status", "history", "sync", "pause", "resume", "rollback");
    }

    /** The cells of a table line: columns are three or more spaces apart. */
    static List<String> cells(String line) {
        return List.of(line.strip().split(" {3,}"));
    }

    static String row(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting with '" + start + "' in " + lines));
    }
}
