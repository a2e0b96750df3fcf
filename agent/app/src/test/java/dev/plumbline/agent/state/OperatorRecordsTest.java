package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackControls;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.WebhookDeliveries;
import dev.plumbline.engine.state.WebhookDelivery;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorRecordsTest {

    @TempDir
    Path dir;

    @Test
    void controlsChangeOneFieldAtATimeAndHandledRequestsOnlyMoveForward() {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            StackControls controls = store.controls();
            assertThat(controls.get("web")).isEqualTo(StackControl.none("web"));

            controls.setPaused("web", true);
            controls.setPinned("web", "a".repeat(40));
            controls.requested("web", "0002-b");
            controls.handled("web", "0002-b");
            controls.handled("web", "0001-a");

            assertThat(controls.get("web")).isEqualTo(new StackControl("web", true, Optional.of("a".repeat(40)),
                    Optional.of("0002-b"), Optional.of("0002-b")));
            controls.setPaused("web", false);
            controls.setPinned("web", null);
            assertThat(controls.get("web")).isEqualTo(new StackControl("web", false, Optional.empty(),
                    Optional.of("0002-b"), Optional.of("0002-b")));
            assertThat(controls.get("api")).isEqualTo(StackControl.none("api"));
        }
        try (SqliteStateStore reopened = SqliteStateStore.open(dir)) {
            assertThat(reopened.controls().get("web").lastHandledRequest()).contains("0002-b");
        }
    }

    @Test
    void theAuditLogKeepsEveryEntryNewestFirst() {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            store.audit().record(new AuditEntry(0, Instant.ofEpochSecond(10), "ops", "pause", "stack/web", 200,
                    "paused"));
            store.audit().record(new AuditEntry(0, Instant.ofEpochSecond(20), "dash", "sync", "stack/web", 403,
                    "forbidden"));

            assertThat(store.audit().recent(10)).extracting(AuditEntry::actor, AuditEntry::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dash", 403),
                            org.assertj.core.groups.Tuple.tuple("ops", 200));
            assertThat(store.audit().recent(1)).hasSize(1).allSatisfy(e -> assertThat(e.id()).isPositive());
        }
    }

    @Test
    void aDeliverySeenBeforeIsAReplayPerSourceAndOldOnesAreForgotten() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SqliteStateStore store = SqliteStateStore.open(dir, clock)) {
            WebhookDeliveries deliveries = store.deliveries();
            WebhookDelivery first = new WebhookDelivery("infra", "d-1", clock.instant(), "github",
                    "refs/heads/main", "b".repeat(40), "accepted");

            assertThat(deliveries.remember(first)).isTrue();
            assertThat(deliveries.remember(first)).isFalse();
            assertThat(deliveries.remember(new WebhookDelivery("other", "d-1", clock.instant(), "github", null,
                    null, "accepted"))).isTrue();
            assertThat(deliveries.recent("infra", 5)).containsExactly(first);

            clock.advance(JdbcOperatorRecords.DELIVERY_MEMORY.plus(Duration.ofDays(1)));
            assertThat(deliveries.remember(new WebhookDelivery("infra", "d-2", clock.instant(), "gitlab", null, null,
                    "ignored"))).isTrue();
            assertThat(deliveries.recent("infra", 5)).extracting(WebhookDelivery::deliveryId).containsExactly("d-2");
        }
    }
}
