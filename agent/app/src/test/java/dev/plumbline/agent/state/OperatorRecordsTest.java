package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.AdminConfig;
import dev.plumbline.engine.state.SettableClock;
import dev.plumbline.engine.state.WebhookDeliveries;
import dev.plumbline.engine.state.WebhookDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SQLite operator tables add to the contract the kit checks ({@link SqliteStateStoreKitTest}):
 * controls survive reopening the file, and deliveries stay until retention prunes them ({@link RetentionTest}).
 */
class OperatorRecordsTest {

    @TempDir
    Path dir;

    @Test
    void controlsSurviveReopening() {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            store.controls().requested("web", "0002-b");
            store.controls().handled("web", "0002-b");
            store.controls().handled("web", "0001-a");
        }
        try (SqliteStateStore reopened = SqliteStateStore.open(dir)) {
            assertThat(reopened.controls().get("web").lastHandledRequest()).contains("0002-b");
        }
    }

    @Test
    void deliveriesAreKeptUntilRetentionPrunesThem() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SqliteStateStore store = SqliteStateStore.open(dir, clock)) {
            WebhookDeliveries deliveries = store.deliveries();
            WebhookDelivery first = new WebhookDelivery("infra", "d-1", clock.instant(), "github",
                    "refs/heads/main", "b".repeat(40), "accepted");
            assertThat(deliveries.remember(first)).isTrue();
            assertThat(deliveries.recent("infra", 5)).containsExactly(first);

            clock.advance(Duration.ofDays(31));
            assertThat(deliveries.remember(new WebhookDelivery("infra", "d-2", clock.instant(), "gitlab", null, null,
                    "ignored"))).isTrue();
            assertThat(deliveries.recent("infra", 5)).extracting(WebhookDelivery::deliveryId)
                    .containsExactly("d-2", "d-1");

            store.prune(AdminConfig.Retention.DEFAULTS);
            assertThat(deliveries.recent("infra", 5)).extracting(WebhookDelivery::deliveryId).containsExactly("d-2");
        }
    }
}
