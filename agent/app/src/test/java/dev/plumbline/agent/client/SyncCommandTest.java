package dev.plumbline.agent.client;

import static dev.plumbline.agent.client.ApiFixtures.OLDER_REQUEST_ID;
import static dev.plumbline.agent.client.ApiFixtures.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code plumbline sync}, with and without {@code --wait}, against a fake agent. */
class SyncCommandTest {

    private FakeAdminServer agent;
    private final AtomicInteger polls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAdminServer().answer("POST /api/v1/stacks/web/sync", 202, ApiFixtures.SYNC);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    /** The stack handles the request on the third poll, ending with this Ready condition. */
    private void handledOnThirdPoll(String readyStatus, String readyReason) {
        agent.answer("GET /api/v1/stacks/web", request -> new FakeAdminServer.Answer(200,
                polls.incrementAndGet() <= 2 ? ApiFixtures.web("Unknown", "Progressing", OLDER_REQUEST_ID)
                        : ApiFixtures.web(readyStatus, readyReason, REQUEST_ID)));
    }

    @Test
    void syncPrintsTheRequestId() {
        Cli.Result result = Cli.run("sync", "web", "--server", agent.url());

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("sync of web requested (request " + REQUEST_ID + ")\n");
        assertThat(agent.onlyRequest().method()).isEqualTo("POST");
        assertThat(agent.onlyRequest().query()).isNull();
    }

    @Test
    void hardSyncAsksForAFreshFetch() {
        agent.answer("POST /api/v1/stacks/web/sync", 202, ApiFixtures.HARD_SYNC);

        Cli.Result result = Cli.run("sync", "web", "--hard", "--server", agent.url());

        assertThat(result.code()).isZero();
        assertThat(agent.onlyRequest().query()).isEqualTo("hard=true");
        assertThat(result.out()).startsWith("hard sync");
    }

    @Test
    void waitReturnsOnceTheStackHasHandledTheRequest() {
        handledOnThirdPoll("True", "ReconciliationSucceeded");

        Cli.Result result = Cli.run("sync", "web", "--wait", "--server", agent.url());

        assertThat(result.code()).isZero();
        assertThat(polls.get()).isEqualTo(3);
        assertThat(agent.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /api/v1/stacks/web/sync", "GET /api/v1/stacks/web", "GET /api/v1/stacks/web",
                "GET /api/v1/stacks/web");
        assertThat(result.out()).isEqualTo("sync of web requested (request " + REQUEST_ID + ")\n"
                + "waiting up to 2m for web to handle it\n"
                + "web: Ready True (ReconciliationSucceeded): applied revision main@ca84d13\n");
    }

    @Test
    void waitExitsOneWhenTheStackIsNotReadyAfterwards() {
        handledOnThirdPoll("False", "ApplyFailed");

        Cli.Result result = Cli.run("sync", "web", "--wait", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).endsWith("web: Ready False (ApplyFailed): applied revision main@ca84d13\n");
    }

    @Test
    void waitGivesUpAfterTheTimeout() {
        agent.answer("GET /api/v1/stacks/web", 200, ApiFixtures.web("Unknown", "Progressing", OLDER_REQUEST_ID));

        Cli.Result result = Cli.run("sync", "web", "--wait", "--timeout", "1200ms", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: web has not handled request " + REQUEST_ID + " after 1s200ms"
                + " (last handled: " + OLDER_REQUEST_ID + ")\n");
    }

    @Test
    void waitStopsAtTheFirstRefusal() {
        agent.answer("GET /api/v1/stacks/web", 401, ApiFixtures.error("Unauthorized", "no token"));

        Cli.Result result = Cli.run("sync", "web", "--wait", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("refused the token (401)");
    }

    @Test
    void aTimeoutThatIsNotADurationIsAParameterError() {
        Cli.Result result = Cli.run("sync", "web", "--wait", "--timeout", "soon", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("'soon' is not a duration");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void jsonWithWaitPrintsTheAnswerThenTheStack() throws IOException {
        handledOnThirdPoll("True", "ReconciliationSucceeded");

        Cli.Result result = Cli.run("sync", "web", "--wait", "-o", "json", "--server", agent.url());

        assertThat(result.code()).isZero();
        var documents = new ObjectMapper().readerFor(com.fasterxml.jackson.databind.JsonNode.class)
                .readValues(result.out()).readAll();
        assertThat(documents).hasSize(2);
        assertThat(documents.get(0)).isEqualTo(new ObjectMapper().readTree(ApiFixtures.SYNC));
        assertThat(documents.get(1)).isEqualTo(new ObjectMapper().readTree(ApiFixtures.web("True",
                "ReconciliationSucceeded", REQUEST_ID)));
    }
}
