package dev.plumbline.agent.state;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The store's identity: a random id given to each database once, when this migration first runs on it (at
 * creation, or on the first open by a build that has it). The same id is written beside the database as
 * {@code state.id} ({@link StoreId}), so that a state file swapped for another agent's is told apart from
 * this agent's own. A Java migration because the id is random. It is a repeatable one (no version), so that
 * it takes no number from the versioned SQL migrations; Flyway runs it after them, once, as its checksum
 * never changes, and it is written to be harmless should it run again.
 */
final class StoreIdMigration implements JavaMigration {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS store_identity ("
            + " singleton  INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),"
            + " id         TEXT    NOT NULL,"
            + " created_at INTEGER NOT NULL)";
    private static final String INSERT = "INSERT INTO store_identity (singleton, id, created_at)"
            + " SELECT 1, ?, ? WHERE NOT EXISTS (SELECT 1 FROM store_identity)";

    /** None: a repeatable migration. */
    @Override
    public MigrationVersion getVersion() {
        return null;
    }

    @Override
    public String getDescription() {
        return "store identity";
    }

    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        crc.update((CREATE + "\n" + INSERT).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(CREATE);
        }
        try (PreparedStatement statement = context.getConnection().prepareStatement(INSERT)) {
            statement.setString(1, UUID.randomUUID().toString());
            statement.setLong(2, System.currentTimeMillis());
            statement.executeUpdate();
        }
    }
}
