package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.agent.telemetry.MeteredStateStore;
import dev.plumbline.config.AdminConfig;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.SettableClock;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.engine.state.WebhookDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * admin.retention over the SQLite store: audit entries, runs (per stack) and webhook deliveries are bounded by
 * age and by count, oldest first, in batches; a run still going is kept whatever its age; the metered store the
 * agent uses passes pruning through; the agent's task logs a failure and carries on.
 */
class RetentionTest {

    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SqliteStateStore store;

    private SqliteStateStore store() {
        store = SqliteStateStore.open(dir, clock);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static AdminConfig.Retention keep(AdminConfig.Keep audit, AdminConfig.Keep history,
                                              AdminConfig.Keep deliveries) {
        return new AdminConfig.Retention(Duration.ofHours(1), audit, history, deliveries);
    }

    private static final AdminConfig.Keep LOTS = new AdminConfig.Keep(Duration.ofDays(3650), 100_000_000);

    private void audit(StateStore store, String action) {
        store.audit().record(new AuditEntry(0, clock.instant(), "ops", action, "stack/web", 200, "x".repeat(500)));
    }

    @Test
    void theAuditLogKeepsItsNewestEntriesUpToTheCountInBatches() {
        SqliteStateStore store = store();
        int entries = JdbcRetention.BATCH + 200;
        for (int i = 0; i < entries; i++) {
            audit(store, "sync-" + i);
        }

        Pruning.Pruned pruned = store.prune(keep(new AdminConfig.Keep(Duration.ofDays(90), 100), LOTS, LOTS));

        assertThat(pruned).isEqualTo(new Pruning.Pruned(entries - 100, 0, 0));
        assertThat(store.audit().recent(10_000)).hasSize(100).first().extracting(AuditEntry::action)
                .isEqualTo("sync-" + (entries - 1));
        assertThat(store.audit().recent(10_000)).last().extracting(AuditEntry::action)
                .isEqualTo("sync-" + (entries - 100));
        assertThat(store.prune(keep(new AdminConfig.Keep(Duration.ofDays(90), 100), LOTS, LOTS)).total()).isZero();
    }

    @Test
    void theAuditLogForgetsEntriesOlderThanItsAge() {
        SqliteStateStore store = store();
        audit(store, "old");
        clock.advance(DAY.multipliedBy(91));
        audit(store, "new");

        assertThat(store.prune(keep(new AdminConfig.Keep(Duration.ofDays(90), 100_000), LOTS, LOTS)).audit())
                .isEqualTo(1);
        assertThat(store.audit().recent(10)).extracting(AuditEntry::action).containsExactly("new");
    }

    private long run(StateStore store, String stack, boolean finish) {
        long id = store.startRun(new RunStart(stack, "a".repeat(40), "poll", "", clock.instant()));
        if (finish) {
            store.finishRun(id, new RunEnd(null, "unchanged", "ReconciliationSucceeded", "", 0, 0, 0, 3,
                    clock.instant()));
        }
        clock.advance(Duration.ofMinutes(5));
        return id;
    }

    @Test
    void theHistoryKeepsEachStacksNewestRunsUpToTheCount() {
        SqliteStateStore store = store();
        for (int i = 0; i < 30; i++) {
            run(store, "web", true);
        }
        long newest = run(store, "web", true);
        for (int i = 0; i < 5; i++) {
            run(store, "db", true);
        }

        Pruning.Pruned pruned = store.prune(keep(LOTS, new AdminConfig.Keep(Duration.ofDays(90), 10), LOTS));

        assertThat(pruned.runs()).isEqualTo(21);
        assertThat(store.history("web", 1000)).hasSize(10).first().extracting(RunRecord::id).isEqualTo(newest);
        assertThat(store.history("db", 1000)).hasSize(5);
    }

    @Test
    void theHistoryForgetsFinishedRunsOlderThanItsAgeButNotARunStillGoing() {
        SqliteStateStore store = store();
        run(store, "web", true);
        long going = run(store, "web", false);
        run(store, "db", true);
        clock.advance(DAY.multipliedBy(91));
        long recent = run(store, "web", true);

        Pruning.Pruned pruned = store.prune(keep(LOTS, new AdminConfig.Keep(Duration.ofDays(90), 1000), LOTS));

        assertThat(pruned.runs()).isEqualTo(2);
        assertThat(store.history("web", 10)).extracting(RunRecord::id).containsExactly(recent, going);
        assertThat(store.history("db", 10)).isEmpty();
        store.finishRun(going, new RunEnd(null, "applied", "ReconciliationSucceeded", "", 1, 0, 0, 0,
                clock.instant()));
    }

    private void deliver(StateStore store, String id) {
        store.deliveries().remember(new WebhookDelivery("infra", id, clock.instant(), "github", "refs/heads/main",
                "b".repeat(40), "accepted"));
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void webhookDeliveriesAreKeptUntilTooOldOrTooMany() {
        SqliteStateStore store = store();
        deliver(store, "old");
        clock.advance(DAY.multipliedBy(8));
        for (int i = 0; i < 30; i++) {
            deliver(store, "d-" + i);
        }

        Pruning.Pruned pruned = store.prune(keep(LOTS, LOTS, new AdminConfig.Keep(Duration.ofDays(7), 20)));

        assertThat(pruned.webhookDeliveries()).isEqualTo(11);
        assertThat(store.deliveries().recent("infra", 100)).hasSize(20).extracting(WebhookDelivery::deliveryId)
                .startsWith("d-29").endsWith("d-10");
        assertThat(store.deliveries().remember(new WebhookDelivery("infra", "d-29", clock.instant(), "github", null,
                null, "accepted"))).as("a replay of one kept is still recognised").isFalse();
    }

    @Test
    void theMeteredStoreTheAgentUsesPrunesToo() {
        StateStore metered = MeteredStateStore.wrap(store(), AgentMetrics.on(new SimpleMeterRegistry()));
        audit(metered, "one");
        audit(metered, "two");

        assertThat(metered).isInstanceOf(Pruning.class);
        assertThat(((Pruning) metered).prune(keep(new AdminConfig.Keep(Duration.ofDays(1), 1), LOTS, LOTS)).audit())
                .isEqualTo(1);
        assertThat(metered.audit().recent(10)).extracting(AuditEntry::action).containsExactly("two");
    }

    @Test
    void theAgentsTaskLogsWhatItDeletedAndAFailureWithoutThrowing() {
        Logger logger = (Logger) LoggerFactory.getLogger(RetentionTask.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // whatever another test in this JVM set the agent's level to
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            SqliteStateStore store = store();
            audit(store, "one");
            audit(store, "two");
            AdminConfig.Retention retention = keep(new AdminConfig.Keep(Duration.ofDays(1), 1), LOTS, LOTS);
            RetentionTask task = new RetentionTask(store, retention);

            task.run();
            task.run();
            store.close();
            task.run();

            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2).first().isEqualTo(
                    "retention: deleted 1 audit entries, 0 runs and 0 webhook deliveries past admin.retention");
            assertThat(logged.list.get(1).getFormattedMessage())
                    .startsWith("retention: could not prune the state store; trying again in 1h: ");
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }
}
