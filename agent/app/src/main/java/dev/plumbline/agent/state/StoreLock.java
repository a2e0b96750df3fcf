package dev.plumbline.agent.state;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Whether any process has the state database open, asked of SQLite itself: every connection to a database in
 * write-ahead-log mode holds a shared lock on the file for as long as it is open, so a connection in
 * exclusive locking mode that asks without waiting is refused while an agent or a {@code plumbline apply} runs,
 * in this process or another. The answer holds for the moment it is given; a process that starts later is
 * not kept out.
 */
final class StoreLock {

    private StoreLock() {
    }

    /**
     * Returns when no process has {@code file} open (or it does not exist, or is no database anyone could be
     * using); otherwise refuses, with the reason {@link Reasons#LOCKED}, saying to stop that process and then
     * {@code then} (the command's verb, like {@code restore}). Closing the probe's connection folds a
     * write-ahead log left by a process that was killed into the file, as any last connection does.
     */
    static void ensureUnused(Path file, String then) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(0);
        config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            rows.next();
        } catch (SQLException e) {
            switch (e.getErrorCode() & 0xff) {
                case 5, 6 -> throw new TransientException(Reasons.LOCKED, "The state store " + file + " is in use"
                        + " by another process (an agent, or a plumbline command, running with this stateDir):"
                        + " stop it, then " + then + ". Nothing was changed.", e);
                case 11, 26 -> {
                    // damaged or not a database: no process can be using it
                }
                default -> throw JdbcStateStore.failure("find out whether another process uses " + file,
                        SqliteErrors.explain(e, SqliteStateStore.BUSY_TIMEOUT), e);
            }
        }
    }
}
