package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StateStore;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one file, as the CLI and the daemon are: each sees the other's writes, and writers on
 * several threads of both wait for each other instead of failing with SQLITE_BUSY.
 */
class SqliteSharedFileTest {

    private static final String SHA = "1111111111111111111111111111111111111111";
    private static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<StateStore> opened = new ArrayList<>();

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        opened.forEach(StateStore::close);
    }

    private SqliteStateStore open(Path stateDir) {
        SqliteStateStore store = SqliteStateStore.open(stateDir);
        synchronized (opened) {
            opened.add(store);
        }
        return store;
    }

    private static ResourceKey key(int thread, int index) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", "file-" + thread + "-" + index);
    }

    @Test
    void eachStoreSeesTheOthersWrites() {
        SqliteStateStore cli = open(dir);
        SqliteStateStore daemon = open(dir);

        cli.intend("web", key(0, 0), "sha256:a", SHA);
        assertThat(daemon.inventory("web")).containsOnlyKeys(key(0, 0));
        LeaseHolder daemonRun = LeaseHolder.thisProcess("agent");
        Lease held = daemon.acquire("web", daemonRun, TTL).orElseThrow();
        assertThat(cli.acquire("web", LeaseHolder.thisProcess("cli"), TTL)).isEmpty();
        assertThat(cli.lease("web")).get().extracting(LeaseInfo::holder).isEqualTo(daemonRun);
        daemon.release(held);
        assertThat(cli.acquire("web", LeaseHolder.thisProcess("cli"), TTL)).isPresent();
    }

    @Test
    void concurrentWritersOnBothStoresAllSucceed() throws Exception {
        List<SqliteStateStore> stores = List.of(open(dir), open(dir));
        int threads = 8;
        int writes = 25;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            SqliteStateStore store = stores.get(t % 2);
            work.add(() -> {
                start.await();
                for (int i = 0; i < writes; i++) {
                    store.intend("web", key(thread, i), "sha256:" + i, SHA);
                    store.applied("web", key(thread, i), "sha256:" + i, SHA);
                    store.startRun(new RunStart("stack-" + thread, SHA, "poll", "", Instant.now()));
                }
                return null;
            });
        }

        List<Future<Void>> done = new ArrayList<>();
        work.forEach(task -> done.add(pool.submit(task)));
        start.countDown();
        for (Future<Void> future : done) {
            future.get(120, TimeUnit.SECONDS);
        }

        for (SqliteStateStore store : stores) {
            assertThat(store.inventory("web")).hasSize(threads * writes)
                    .allSatisfy((key, entry) -> assertThat(entry.pending()).isFalse());
            assertThat(store.history("stack-3", 1000)).hasSize(writes);
        }
    }

    @Test
    void theLeaseKeepsWorkersOfBothStoresApart() throws Exception {
        List<SqliteStateStore> stores = List.of(open(dir), open(dir));
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            SqliteStateStore store = stores.get(t % 2);
            LeaseHolder holder = LeaseHolder.thisProcess("worker-" + t);
            done.add(pool.submit(() -> {
                start.await();
                int taken = 0;
                while (taken < 5) {
                    Optional<Lease> lease = store.acquire("web", holder, TTL);
                    if (lease.isPresent()) {
                        if (holders.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        store.fenced(lease.get()).applied("web", key(0, 0), "sha256:" + holder.instance(), SHA);
                        holders.decrementAndGet();
                        store.release(lease.get());
                        taken++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                return taken;
            }));
        }

        start.countDown();
        for (Future<Integer> future : done) {
            assertThat(future.get(120, TimeUnit.SECONDS)).isEqualTo(5);
        }
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void twoProcessesOpeningANewFileAtOnceBothGetTheSchema() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path fresh = dir.resolve("round-" + round);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SqliteStateStore>> opening = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                opening.add(pool.submit(() -> {
                    start.await();
                    return open(fresh);
                }));
            }
            start.countDown();
            for (Future<SqliteStateStore> future : opening) {
                SqliteStateStore store = future.get(60, TimeUnit.SECONDS);
                store.applied("web", key(round, 0), "sha256:a", SHA);
                assertThat(store.inventory("web").values()).extracting(InventoryEntry::hash).containsOnly("sha256:a");
            }
        }
    }
}
