package dev.plumbline.agent.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code plumbline plan STACK} and {@code plan --server}: the agent's plan, printed as a local plan is. */
class RemotePlanTest {

    private FakeAdminServer agent;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAdminServer();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void pendingChangesPrintAsTextAndExitTwo() {
        agent.answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_WITH_CHANGES);

        Cli.Result result = Cli.run("plan", "web", "--server", agent.url());

        assertThat(result.code()).isEqualTo(2);
        assertThat(agent.onlyRequest().method() + " " + agent.onlyRequest().path())
                .isEqualTo("GET /api/v1/stacks/web/plan");
        assertThat(result.out()).isEqualTo("""
                Stack web at ca84d13

                + create File robots  (stacks/web/robots.yaml:1:1)
                    --- live
                    +++ desired
                    @@ -1,0 +1,1 @@
                    +content: hi

                ~ update File site-conf  (stacks/web/site.yaml:1:1)
                    changed: spec.content  (stacks/web/site.yaml:6:12)
                    --- live
                    +++ desired
                    @@ -1,1 +1,1 @@
                    -content: a
                    +content: b

                - delete File old  (applied from 0352a8a; no longer in Git)
                    --- live
                    +++ desired
                    @@ -1,1 +1,0 @@
                    -content: old

                ! orphan File kept  (no longer in Git; prune is off, so it stays)

                Plan for web: 1 to create, 1 to update, 1 to delete, 1 orphaned, 3 unchanged.
                """);
    }

    @Test
    void noChangesExitsZero() {
        agent.answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_NO_CHANGES);

        Cli.Result result = Cli.run("plan", "web", "--server", agent.url());

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("Stack web at ca84d13\n\nPlan for web: 0 to create, 0 to update,"
                + " 0 to delete, 0 orphaned, 3 unchanged.\n");
    }

    @Test
    void aStackThatDoesNotRenderPrintsItsProblemsAndExitsOne() {
        agent.answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_RENDER_FAILED);

        Cli.Result result = Cli.run("plan", "web", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("stacks/web/site.yaml:3:5: unknown field 'contnet'\n"
                + "stacks/web/robots.yaml:1:1: kind is missing\n");
    }

    @Test
    void jsonIsThePlanDocumentAsReceived() throws IOException {
        agent.answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_WITH_CHANGES);

        Cli.Result result = Cli.run("plan", "web", "-o", "json", "--server", agent.url());

        assertThat(result.code()).isEqualTo(2);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(result.out())).isEqualTo(json.readTree(ApiFixtures.PLAN_WITH_CHANGES));
    }

    @Test
    void serverWithoutAStackPlansEveryStackTheAgentHas() throws IOException {
        agent.answer("GET /api/v1/stacks", 200, ApiFixtures.STACKS)
                .answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_NO_CHANGES)
                .answer("GET /api/v1/stacks/db/plan", 200, ApiFixtures.PLAN_WITH_CHANGES.replace("\"web\"",
                        "\"db\""));

        Cli.Result result = Cli.run("plan", "--server", agent.url());

        assertThat(result.code()).isEqualTo(2);
        assertThat(agent.requests()).extracting(FakeAdminServer.Request::path).containsExactly(
                "/api/v1/stacks", "/api/v1/stacks/web/plan", "/api/v1/stacks/db/plan");
        assertThat(result.out()).contains("Plan for web: 0 to create", "Plan for db: 1 to create");
    }

    @Test
    void theStackArgumentAloneAsksTheAgentFromTheEnvironment() {
        agent.answer("GET /api/v1/stacks/web/plan", 200, ApiFixtures.PLAN_NO_CHANGES);

        Cli.Result result = Cli.runWith(java.util.Map.of("PLUMBLINE_SERVER", agent.url(),
                "PLUMBLINE_TOKEN", "t0k"), "plan", "web");

        assertThat(result.code()).isZero();
        assertThat(agent.onlyRequest().authorization()).isEqualTo("Bearer t0k");
    }

    @Test
    void anUnknownStackIsNamedAndExitsOne() {
        Cli.Result result = Cli.run("plan", "nope", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no stack named nope\n");
    }

    @Test
    void aConfigFileWithARemotePlanIsRefused() {
        Cli.Result result = Cli.run("plan", "web", "--config", "plumbline.yaml", "--server", agent.url());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: --config is for a local plan");
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void withoutStackOrServerPlanStaysLocal() {
        Cli.Result result = Cli.run("plan", "--config", "/nonexistent/plumbline.yaml");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("/nonexistent/plumbline.yaml");
        assertThat(agent.requests()).isEmpty();
    }
}
