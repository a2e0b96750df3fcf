package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what, over real HTTP against a running agent: without a token or with an unknown one
 * every API call is refused (401); a viewer reads but may not change anything (403); an operator does
 * both. Every mutating call with a valid token, allowed or not, is in the audit log, and no token appears in
 * it; calls without one are not (see {@link DeniedRequestsIT}). The failed-authentication limit is raised
 * here, so that the matrix's many refusals from one address are answered 401 rather than 429.
 */
class AuthzMatrixIT {

    @TempDir
    static Path dir;

    static Operated agent;
    static String sha;

    /** An endpoint: method, path, body (POST), and the status an operator gets. */
    record Endpoint(String method, String path, String body, int operatorStatus) {
        boolean mutates() {
            return method.equals("POST");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        Files.writeString(scenario.config(), Files.readString(scenario.config()).replace("admin:\n",
                "admin:\n  failedAuthLimit: { perSecond: 1000, burst: 1000 }\n"));
        sha = scenario.manifest("motd", "motd", "hello").repo().commit("First");
        agent = Operated.start(scenario);
        await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/api/v1/stacks", null, 200),
                new Endpoint("GET", "/api/v1/stacks/web", null, 200),
                new Endpoint("GET", "/api/v1/stacks/web/plan", null, 200),
                new Endpoint("GET", "/api/v1/stacks/web/history", null, 200),
                new Endpoint("GET", "/api/v1/audit", null, 200),
                new Endpoint("POST", "/api/v1/stacks/web/sync", null, 202),
                new Endpoint("POST", "/api/v1/stacks/web/rollback", "{\"revision\": \"%s\"}", 202),
                new Endpoint("POST", "/api/v1/stacks/web/pause", null, 200),
                new Endpoint("POST", "/api/v1/stacks/web/resume", null, 200));
    }

    private static Operated.Answer call(Endpoint endpoint, String token) {
        return endpoint.mutates()
                ? agent.post(endpoint.path(), token, endpoint.body() == null ? null : endpoint.body().formatted(sha))
                : agent.get(endpoint.path(), token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void noTokenOrAnUnknownOneIsRefused(Endpoint endpoint) {
        Operated.Answer none = call(endpoint, null);
        assertThat(none.status()).as(none.body()).isEqualTo(401);
        assertThat(none.body()).contains("\"reason\" : \"Unauthorized\"");
        assertThat(call(endpoint, "not-a-token").status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aViewerReadsButMayNotChangeAnything(Endpoint endpoint) {
        Operated.Answer answer = call(endpoint, Operated.VIEWER);
        if (endpoint.mutates()) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertThat(answer.body()).contains("token 'dash' has role viewer");
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void anOperatorMayDoEverything(Endpoint endpoint) {
        Operated.Answer answer = call(endpoint, Operated.OPERATOR);
        assertThat(answer.status()).as(answer.body()).isEqualTo(endpoint.operatorStatus());
    }

    @Test
    void healthReadinessAndMetricsNeedNoToken() {
        assertThat(agent.get("/healthz", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.get("/readyz", null).status() == 200);
        Operated.Answer metrics = agent.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("plumbline_reconciles_total");
    }

    @Test
    void everyMutatingCallWithAValidTokenIsAuditedAndNoTokenIsWrittenDown() {
        for (Endpoint endpoint : endpoints()) {
            if (endpoint.mutates()) {
                call(endpoint, null);
                call(endpoint, Operated.VIEWER);
            }
        }
        Operated.Answer audit = agent.get("/api/v1/audit?limit=500", Operated.VIEWER);

        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).contains("\"actor\" : \"dash\"", "\"status\" : 403", "\"action\" : \"pause\"",
                "\"action\" : \"rollback\"", "\"target\" : \"stack/web\"");
        assertThat(audit.body()).doesNotContain("\"actor\" : \"anonymous\"", "\"status\" : 401");
        assertThat(audit.body()).doesNotContain(Operated.OPERATOR, Operated.VIEWER, Operated.HOOK_SECRET);
    }
}
