package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease on a stack: one owner at a time, renewable, taken over once expired; time moved by hand. */
class SqliteLeaseTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dir, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aSecondOwnerIsRefusedWhileTheLeaseIsHeld() {
        assertThat(store.tryLock("web", "agent-a", TTL)).isTrue();

        assertThat(store.tryLock("web", "agent-b", TTL)).isFalse();
        clock.advance(TTL.minusMillis(1));
        assertThat(store.tryLock("web", "agent-b", TTL)).isFalse();
        assertThat(store.tryLock("db", "agent-b", TTL)).as("another stack").isTrue();
    }

    @Test
    void anExpiredLeaseCanBeTakenOver() {
        assertThat(store.tryLock("web", "agent-a", TTL)).isTrue();
        clock.advance(TTL);

        assertThat(store.tryLock("web", "agent-b", TTL)).isTrue();
        assertThat(store.tryLock("web", "agent-a", TTL)).as("the old owner lost it").isFalse();
    }

    @Test
    void theOwnerRenewsItsLease() {
        assertThat(store.tryLock("web", "agent-a", TTL)).isTrue();
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.tryLock("web", "agent-a", TTL)).isTrue();
        clock.advance(Duration.ofSeconds(10));

        assertThat(store.tryLock("web", "agent-b", TTL)).as("renewed past the first expiry").isFalse();
    }

    @Test
    void unlockReleasesOnlyTheCallersOwnLease() {
        assertThat(store.tryLock("web", "agent-a", TTL)).isTrue();

        store.unlock("web", "agent-b");
        assertThat(store.tryLock("web", "agent-b", TTL)).isFalse();

        store.unlock("web", "agent-a");
        assertThat(store.tryLock("web", "agent-b", TTL)).isTrue();
    }

    @Test
    void aLeaseLastsAPositiveTime() {
        assertThatThrownBy(() -> store.tryLock("web", "agent-a", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
