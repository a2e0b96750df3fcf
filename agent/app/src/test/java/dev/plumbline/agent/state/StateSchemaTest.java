package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The schema this build knows is what Flyway resolves, and a current database is opened without Flyway. */
class StateSchemaTest {

    @TempDir
    Path dir;

    @Test
    void theMigrationsListedAreThoseFlywayResolvesFromTheClassPath() {
        SQLiteDataSource memory = new SQLiteDataSource();
        memory.setUrl("jdbc:sqlite::memory:");
        List<StateSchema.Migration> resolved = new ArrayList<>();
        for (MigrationInfo info : StateSchema.flyway(memory).info().all()) {
            if (info.getVersion() != null) {
                resolved.add(new StateSchema.Migration(info.getVersion().getVersion(), info.getDescription(),
                        info.getChecksum(), true));
            }
        }

        assertThat(StateSchema.known()).as("a new or changed migration is listed in StateSchema.KNOWN too")
                .containsExactlyElementsOf(resolved);
    }

    @Test
    void flywayRunsForANewOrUnfinishedDatabaseAndNotForACurrentOne() throws Exception {
        SqliteStateStore.open(dir).close();
        Path file = dir.resolve(SqliteStateStore.FILE_NAME);

        assertThat(SqliteStateStore.migrate(file, SqliteStateStore.config(), "the test's store"))
                .as("current: one query, no Flyway").isFalse();

        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + StateSchema.HISTORY_TABLE + " SET checksum = 1"
                    + " WHERE description = 'store identity'");
        }
        assertThat(SqliteStateStore.migrate(file, SqliteStateStore.config(), "the test's store"))
                .as("a store identity written another way: Flyway decides").isTrue();
        assertThat(SqliteStateStore.migrate(file, SqliteStateStore.config(), "the test's store")).isFalse();

        Path fresh = dir.resolve("fresh.db");
        assertThat(SqliteStateStore.migrate(fresh, SqliteStateStore.config(), "a new store")).isTrue();
    }
}
