package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin.metricsRequireToken: true}: {@code /metrics} answers a viewer's token (or an operator's) and
 * refuses a request without one like any API call (401 in the API's shape, counted as denied), while health
 * and readiness stay open. The default, no token needed, is in {@link AuthzMatrixIT}.
 */
class MetricsTokenIT {

    @TempDir
    Path dir;

    @Test
    void withMetricsRequireTokenAScrapeNeedsAViewerToken() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        Files.writeString(scenario.config(), Files.readString(scenario.config()).replace("admin:\n",
                "admin:\n  metricsRequireToken: true\n"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        try (Operated agent = Operated.start(scenario)) {
            Operated.Answer anonymous = agent.get("/metrics", null);
            Operated.Answer viewer = agent.get("/metrics", Operated.VIEWER);

            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.body()).contains("\"reason\" : \"Unauthorized\"").doesNotContain("plumbline_");
            assertThat(viewer.status()).isEqualTo(200);
            assertThat(viewer.body()).contains("plumbline_admin_requests_denied_total{reason=\"unauthenticated\"} 1.0");
            assertThat(agent.get("/metrics", Operated.OPERATOR).status()).isEqualTo(200);
            assertThat(agent.get("/healthz", null).status()).isEqualTo(200);
        }
    }
}
