package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run's hold on its lease: renewed while it lives, released when it ends, a bounded wait for another's. */
class StackLeaseTest {

    private final InMemoryStateStore store = new InMemoryStateStore(); // the system clock: leases expire for real
    private final LeaseHolder run = LeaseHolder.thisProcess("test");
    private final LeaseHolder other = LeaseHolder.thisProcess("other");

    @Test
    void aLeaseIsRenewedWhileTheRunLivesAndReleasedWhenItEnds() throws Exception {
        Duration ttl = Duration.ofSeconds(1);
        Instant firstExpiry;
        try (StackLease lease = StackLease.take(store, "web", run, ttl, Duration.ZERO, new StopSignal())
                .orElseThrow()) {
            firstExpiry = store.lease("web").orElseThrow().expiresAt();
            // held as this run's for two and a half lease times, well past the first expiry: renewals keep it
            long token = lease.lease().token();
            await().during(ttl.multipliedBy(5).dividedBy(2)).atMost(ttl.multipliedBy(4))
                    .until(() -> store.lease("web").map(info -> info.token() == token).orElse(false));

            assertThat(store.acquire("web", other, ttl)).isEmpty();
            LeaseInfo held = store.lease("web").orElseThrow();
            assertThat(held.token()).isEqualTo(lease.lease().token());
            assertThat(held.expiresAt()).isAfter(firstExpiry);
        }
        assertThat(store.lease("web")).as("released").isEmpty();
    }

    @Test
    void aSecondRunWaitsItsBoundAndGivesUp() {
        store.acquire("web", other, Duration.ofMinutes(1)).orElseThrow();
        long started = System.nanoTime();

        Optional<StackLease> taken = StackLease.take(store, "web", run, Duration.ofSeconds(30), Duration.ofMillis(300),
                new StopSignal());

        assertThat(taken).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aWaitingRunGetsTheLeaseOnceItIsLetGo() throws Exception {
        Lease held = store.acquire("web", other, Duration.ofMinutes(1)).orElseThrow();
        CompletableFuture<Void> letGo = CompletableFuture.runAsync(() -> store.release(held),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

        try (StackLease lease = StackLease.take(store, "web", run, Duration.ofSeconds(30), Duration.ofSeconds(10),
                new StopSignal()).orElseThrow()) {
            assertThat(lease.lease().token()).isGreaterThan(held.token());
        }
        letGo.get(10, TimeUnit.SECONDS);
    }

    @Test
    void stoppingEndsTheWait() {
        store.acquire("web", other, Duration.ofMinutes(1)).orElseThrow();
        StopSignal stop = new StopSignal();
        stop.stop();
        long started = System.nanoTime();

        assertThat(StackLease.take(store, "web", run, Duration.ofSeconds(30), Duration.ofMinutes(1), stop)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
