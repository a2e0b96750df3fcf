package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool lends each connection to one caller at a time, opens no more than its size, and closes them all. */
class ConnectionPoolTest {

    @TempDir
    Path dir;

    private final AtomicInteger opened = new AtomicInteger();

    private ConnectionPool pool(int size) {
        return new ConnectionPool(() -> {
            opened.incrementAndGet();
            return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
        }, size, "the test database");
    }

    /** That {@code future} stays unfinished for a while: its caller is waiting. */
    private static void staysWaiting(CompletableFuture<?> future) {
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !future.isDone());
    }

    @Test
    void lendsEachConnectionToOneCallerAtATimeAndOpensNoMoreThanItsSize() throws Exception {
        ConnectionPool pool = pool(2);
        Connection first = pool.take();
        Connection second = pool.take();
        assertThat(second).isNotSameAs(first);

        CompletableFuture<Connection> third = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        staysWaiting(third);
        pool.give(first, true);

        assertThat(third.get(10, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(opened).hasValue(2);
        pool.give(first, true);
        pool.give(second, true);
        pool.close();
    }

    @Test
    void aConnectionThatIsNotReusableIsClosedAndAnotherOpened() throws SQLException {
        ConnectionPool pool = pool(1);
        Connection broken = pool.take();
        pool.give(broken, false);

        assertThat(broken.isClosed()).isTrue();
        Connection next = pool.take();
        assertThat(next).isNotSameAs(broken);
        assertThat(opened).hasValue(2);
        pool.give(next, true);
        pool.close();
    }

    @Test
    void aFailureToOpenTakesNoRoom() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        ConnectionPool pool = new ConnectionPool(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException("unable to open database file", "HY000", 14);
            }
            return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
        }, 1, "the test database");

        assertThatThrownBy(pool::take).isInstanceOf(SQLException.class).hasMessage("unable to open database file");
        Connection connection = pool.take();
        pool.give(connection, true);
        pool.close();
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void closingWaitsForLentConnectionsThenClosesEveryOneAndRefusesCallers() throws Exception {
        ConnectionPool pool = pool(3);
        Connection idle = pool.take();
        Connection lent = pool.take();
        pool.give(idle, true);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                pool.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        staysWaiting(closing);
        assertThatThrownBy(pool::take).isInstanceOf(IllegalStateException.class)
                .hasMessage("the test database is closed");
        assertThat(lent.isClosed()).as("still in use").isFalse();

        pool.give(lent, true);
        closing.get(10, TimeUnit.SECONDS);
        assertThat(idle.isClosed()).isTrue();
        assertThat(lent.isClosed()).isTrue();
        pool.close();
        assertThatThrownBy(pool::take).isInstanceOf(IllegalStateException.class);
    }
}
