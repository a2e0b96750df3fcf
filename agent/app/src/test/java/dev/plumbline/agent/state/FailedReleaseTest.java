package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.problem.TransientException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A lease whose release failed (the disk under the store full: every write refused with SQLITE_FULL) is
 * freed by the store that failed to release it, before it next takes that stack's lease and when it closes,
 * so a run that follows once the disk has room again does not wait out a lease of its own process; a lease
 * taken over meanwhile is left alone. The store under test shares the file of a plain one, which looks on.
 */
class FailedReleaseTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final LeaseHolder AGENT = LeaseHolder.thisProcess("agent");
    private static final LeaseHolder ELSEWHERE = new LeaseHolder("agent", "build-07.example.invalid", 4242,
            Optional.empty(), "0000beef");

    @TempDir
    Path dir;

    private final AtomicBoolean full = new AtomicBoolean();
    private SqliteStateStore plain;
    private FillableStore store;

    /** A store on the same file whose writes fail as on a full disk while {@code full} is set. */
    private static final class FillableStore extends JdbcStateStore {

        FillableStore(ConnectionPool connections, String database) {
            super(connections, database, Clock.systemUTC());
        }

        @Override
        protected String explain(SQLException error) {
            return SqliteErrors.explain(error, SqliteStateStore.BUSY_TIMEOUT);
        }
    }

    @BeforeEach
    void open() {
        plain = SqliteStateStore.open(dir);
        String file = dir.resolve(SqliteStateStore.FILE_NAME).toString();
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) SqliteStateStore.BUSY_TIMEOUT.toMillis());
        store = new FillableStore(new ConnectionPool(() -> fillable(config.createConnection("jdbc:sqlite:" + file)),
                2, "the fillable store"), file);
    }

    @AfterEach
    void close() {
        full.set(false);
        store.close();
        plain.close();
    }

    @Test
    void aLeaseWhoseReleaseFailedIsFreedBeforeTheStackIsNextTaken() {
        Lease first = store.acquire("web", AGENT, TTL).orElseThrow();
        full.set(true);

        TransientException failed = catchThrowableOfType(TransientException.class, () -> store.release(first));

        assertThat(failed.reason()).isEqualTo("StateStoreError");
        assertThat(failed.getMessage()).startsWith("Could not release the lease on stack web in the state database ")
                .endsWith(": no space left on device (the disk holding it is full); free some space there.");
        assertThat(plain.lease("web")).as("held until it expires").map(LeaseInfo::token).contains(first.token());
        TransientException stillFull = catchThrowableOfType(TransientException.class,
                () -> store.acquire("web", AGENT, TTL));
        assertThat(stillFull.getMessage()).as("while the disk is full, taking the lease again says why it cannot")
                .startsWith("Could not release the lease on stack web that an earlier run of this process could not"
                        + " release in the state database ").contains("no space left on device");

        full.set(false);
        Optional<Lease> next = store.acquire("web", AGENT, TTL);

        assertThat(next).as("taken at once, not after the left-over lease expires").isPresent();
        assertThat(next.get().token()).isGreaterThan(first.token());
        store.release(next.get());
        assertThat(plain.lease("web")).isEmpty();
    }

    @Test
    void aLeaseTakenOverMeanwhileIsLeftAlone() {
        Lease first = store.acquire("web", AGENT, TTL).orElseThrow();
        full.set(true);
        catchThrowableOfType(TransientException.class, () -> store.release(first));
        full.set(false);
        assertThat(plain.breakLease("web")).isPresent(); // plumbline unlock web
        Lease other = plain.acquire("web", ELSEWHERE, TTL).orElseThrow();

        assertThat(store.acquire("web", AGENT, TTL)).isEmpty();

        assertThat(plain.lease("web")).map(LeaseInfo::token).contains(other.token());
        plain.release(other);
    }

    @Test
    void closingFreesALeaseWhoseReleaseFailed() {
        Lease first = store.acquire("web", AGENT, TTL).orElseThrow();
        full.set(true);
        catchThrowableOfType(TransientException.class, () -> store.release(first));
        full.set(false);

        store.close();

        assertThat(plain.lease("web")).isEmpty();
    }

    @Test
    void closingWhileTheDiskIsStillFullLeavesTheLeaseToExpire() {
        Lease first = store.acquire("web", AGENT, TTL).orElseThrow();
        full.set(true);
        catchThrowableOfType(TransientException.class, () -> store.release(first));

        store.close();

        assertThat(plain.lease("web")).map(LeaseInfo::token).contains(first.token());
    }

    /** {@code connection}, whose statements that write fail with SQLITE_FULL while the disk is "full". */
    private Connection fillable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (full.get() && method.getName().equals("prepareStatement") && writes((String) args[0])) {
                        throw new SQLiteException("[SQLITE_FULL] database or disk is full (database or disk is full)",
                                SQLiteErrorCode.SQLITE_FULL);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean writes(String sql) {
        String verb = sql.strip().toUpperCase(Locale.ROOT);
        return verb.startsWith("INSERT") || verb.startsWith("UPDATE") || verb.startsWith("DELETE");
    }
}
