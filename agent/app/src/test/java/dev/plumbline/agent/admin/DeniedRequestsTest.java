package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.engine.state.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What is kept of requests refused for their credentials: counts, a bounded escaped sample, a rare log line. */
class DeniedRequestsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final DeniedRequests denied = new DeniedRequests(AgentMetrics.on(registry), clock);
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeniedRequests.class);
    private final Level level = logger.getLevel();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    DeniedRequestsTest() {
        logger.setLevel(Level.INFO); // whatever another test in this JVM set the agent's level to
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logged);
        logger.setLevel(level);
    }

    private double count(String reason) {
        return registry.get("plumbline.admin.requests.denied").tag("reason", reason).counter().count();
    }

    @Test
    void countsEachRefusalByReasonFromZero() {
        assertThat(count("unauthenticated")).isZero();
        assertThat(count("forbidden")).isZero();
        assertThat(count("rate_limited")).isZero();

        denied.denied("192.0.2.7", "POST", "/api/v1/stacks/web/pause", DeniedRequests.UNAUTHENTICATED, 401);
        denied.denied("192.0.2.7", "POST", "/api/v1/stacks/web/pause", DeniedRequests.UNAUTHENTICATED, 401);
        denied.denied("192.0.2.8", "POST", "/api/v1/stacks/web/sync", DeniedRequests.FORBIDDEN, 403);

        assertThat(count("unauthenticated")).isEqualTo(2);
        assertThat(count("forbidden")).isEqualTo(1);
        assertThat(count("rate_limited")).isZero();
    }

    @Test
    void keepsTheLastHundredNewestFirstWithPathsClippedAndEscaped() {
        for (int i = 0; i < 150; i++) {
            denied.denied("192.0.2.7", "GET", "/api/v1/stacks/s" + i, DeniedRequests.UNAUTHENTICATED, 401);
        }
        denied.denied("192.0.2.9", "POST", "/api/v1/stacks/web\n" + "x".repeat(5000) + "/pause",
                DeniedRequests.RATE_LIMITED, 429);

        assertThat(denied.recent(500)).hasSize(DeniedRequests.KEPT);
        DeniedRequests.Denied newest = denied.recent(1).get(0);
        assertThat(newest.path()).startsWith("/api/v1/stacks/web\\nxxx").endsWith("…(4825 more)")
                .doesNotContain("\n").hasSizeLessThan(DeniedRequests.PATH_CHARS + 20);
        assertThat(newest).extracting(DeniedRequests.Denied::address, DeniedRequests.Denied::method,
                DeniedRequests.Denied::reason, DeniedRequests.Denied::status, DeniedRequests.Denied::at)
                .containsExactly("192.0.2.9", "POST", "rate_limited", 429, clock.instant());
        assertThat(denied.recent(2).get(1).path()).isEqualTo("/api/v1/stacks/s149");
        assertThat(denied.recent(500).get(DeniedRequests.KEPT - 1).path()).isEqualTo("/api/v1/stacks/s51");
    }

    @Test
    void logsAtMostOneLineAMinuteSummingUpTheRefusalsSinceTheLast() {
        denied.denied("192.0.2.7", "GET", "/api/v1/stacks", DeniedRequests.UNAUTHENTICATED, 401);
        for (int i = 0; i < 500; i++) {
            denied.denied("192.0.2.7", "GET", "/api/v1/stacks", DeniedRequests.UNAUTHENTICATED, 401);
        }
        clock.advance(Duration.ofSeconds(59));
        denied.denied("192.0.2.7", "GET", "/api/v1/stacks", DeniedRequests.RATE_LIMITED, 429);
        clock.advance(Duration.ofSeconds(1));
        denied.denied("192.0.2.8", "POST", "/api/v1/stacks/web/sync", DeniedRequests.FORBIDDEN, 403);

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "admin API refused requests for their credentials {unauthenticated=1} since the last such line;"
                        + " the latest: GET /api/v1/stacks from 192.0.2.7; see GET /api/v1/audit/denied and"
                        + " plumbline_admin_requests_denied_total",
                "admin API refused requests for their credentials {forbidden=1, rate_limited=1,"
                        + " unauthenticated=500} since the last such line; the latest: POST /api/v1/stacks/web/sync"
                        + " from 192.0.2.8; see GET /api/v1/audit/denied and plumbline_admin_requests_denied_total");
    }
}
