package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.TransientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store's connections under calls from several threads: each caller has one of its own, with
 * the same settings; a write waiting for another process holds up no read; closing closes every one.
 */
class SqliteConnectionsTest {

    private static final ResourceKey SITE = new ResourceKey("local", "files.plumbline.dev", "File", "", "site");
    private static final ResourceKey API = new ResourceKey("k8s", "apps", "Deployment", "web", "api");
    private static final String SHA = "1111111111111111111111111111111111111111";

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** What a caller saw: the connection it was lent and that connection's settings. */
    private record Seen(Connection connection, List<String> settings) {
    }

    /** Reads on {@code callers} threads that all wait inside their call until every one is inside. */
    private List<Seen> readAllAtOnce(SqliteStateStore store, int callers) throws Exception {
        CyclicBarrier together = new CyclicBarrier(callers);
        List<Future<Seen>> reads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            reads.add(pool.submit(() -> store.calls().read("test", connection -> {
                awaitTogether(together);
                List<String> settings = new ArrayList<>();
                for (String pragma : List.of("journal_mode", "synchronous", "foreign_keys", "busy_timeout")) {
                    settings.add(SqliteStateStore.pragma(connection, pragma));
                }
                return new Seen(connection, settings);
            })));
        }
        List<Seen> seen = new ArrayList<>();
        for (Future<Seen> read : reads) {
            seen.add(read.get(30, TimeUnit.SECONDS));
        }
        return seen;
    }

    private static void awaitTogether(CyclicBarrier together) {
        try {
            together.await(10, TimeUnit.SECONDS); // on one shared connection, the second caller never gets here
        } catch (Exception e) {
            throw new AssertionError("the callers were not all inside a call at once", e);
        }
    }

    @Test
    void callersAtTheSameTimeEachHaveAConnectionWithTheSameSettings() throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            List<Seen> seen = readAllAtOnce(store, 4);

            Set<Connection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
            seen.forEach(s -> connections.add(s.connection()));
            assertThat(connections).hasSize(4);
            assertThat(seen).extracting(Seen::settings)
                    .containsOnly(List.of("wal", "2", "1", "10000")); // FULL, foreign keys on, 10 s
        }
    }

    @Test
    void aWriteWaitingForAnotherProcessHoldsUpNoRead() throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(dir);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStateStore.FILE_NAME))) {
            store.applied("web", SITE, "sha256:a", SHA);
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) { // holds the database's write lock from now on
                statement.executeUpdate("INSERT INTO audit (at, actor, action, target, status, result)"
                        + " VALUES (0, 'other', 'test', 'test', 200, '')");
            }
            AtomicReference<Thread> writer = new AtomicReference<>();
            Future<?> write = pool.submit(() -> {
                writer.set(Thread.currentThread());
                store.applied("web", API, "sha256:b", SHA);
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> waitingInTheDriver(writer.get()));

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThat(store.inventory("web")).containsOnlyKeys(SITE);
                assertThat(store.history("web", 1)).isEmpty();
            });
            assertThat(write).isNotDone();

            other.rollback();
            write.get(30, TimeUnit.SECONDS);
            assertThat(store.inventory("web")).containsOnlyKeys(SITE, API);
        }
    }

    /** Whether {@code thread} is inside the driver, running a statement (or waiting to). */
    private static boolean waitingInTheDriver(Thread thread) {
        return thread != null && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith("org.sqlite")
                        && frame.getMethodName().equals("executeUpdate"));
    }

    @Test
    void closingClosesEveryConnectionItOpened() throws Exception {
        Path wal = dir.resolve(SqliteStateStore.FILE_NAME + "-wal");
        SqliteStateStore store = SqliteStateStore.open(dir);
        store.applied("web", SITE, "sha256:a", SHA);
        readAllAtOnce(store, SqliteStateStore.CONNECTIONS);
        assertThat(wal).exists();

        store.close();

        assertThat(wal).as("SQLite removes the log when the last connection closes").doesNotExist();
        try (SqliteStateStore again = SqliteStateStore.open(dir)) {
            assertThat(again.inventory("web")).containsOnlyKeys(SITE);
        }
        assertThat(Files.exists(wal)).isFalse();
    }

    @Test
    void aFailedTransactionLeavesNothingBehindAndTheStoreGoesOn() {
        try (SqliteStateStore store = SqliteStateStore.open(dir)) {
            Throwable failure = catchThrowable(() -> store.calls().transaction("test", connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO audit (at, actor, action, target, status, result)"
                            + " VALUES (0, 'half', 'test', 'test', 200, '')");
                    return statement.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
            }));

            assertThat(failure).isInstanceOf(TransientException.class)
                    .hasMessageStartingWith("Could not test in the state database ")
                    .hasMessageContaining("no such table: no_such_table");
            assertThat(store.audit().recent(10)).as("the first statement was rolled back").isEmpty();
            store.applied("web", SITE, "sha256:a", SHA);
            assertThat(store.inventory("web")).containsOnlyKeys(SITE);
        }
    }
}
