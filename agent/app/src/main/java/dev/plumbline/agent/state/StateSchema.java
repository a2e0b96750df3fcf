package dev.plumbline.agent.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The state database's schema as this build knows it: the Flyway migrations (the SQL under
 * {@code db/migration/sqlite} and {@link StoreIdMigration}), the newest version among them, and what a
 * database's Flyway history says about it: Plumbline's and how old, another application's, or newer than
 * this build. A history is Plumbline's when it has migration 1 with this build's checksum, and every
 * migration this build also knows matches it.
 */
final class StateSchema {

    /** Flyway's history table; a state file without one is not Plumbline's. */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private static final String MIGRATIONS = "classpath:db/migration/sqlite";

    /** One migration: its version, description and checksum (null for none). */
    record Migration(String version, String description, Integer checksum, boolean success) {
        Migration {
            Objects.requireNonNull(version, "version");
            description = description == null ? "" : description;
        }

        MigrationVersion parsed() {
            return MigrationVersion.fromVersion(version);
        }
    }

    /** What a history says: the version it is at, and a sentence when it is not a sound Plumbline one. */
    record Verdict(Kind kind, String version, String problem) {
        enum Kind { PLUMBLINE, FOREIGN, NEWER, FAILED }

        boolean plumbline() {
            return kind == Kind.PLUMBLINE;
        }
    }

    private StateSchema() {
    }

    /** Flyway over {@code dataSource} with this build's migrations. */
    static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(SqliteStateStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .javaMigrations(new StoreIdMigration())
                .failOnMissingLocations(true)
                .loggers("slf4j")
                .load();
    }

    /** The migrations of this build, oldest first. */
    static List<Migration> known() {
        return KNOWN;
    }

    /** The newest schema version this build knows. */
    static String newest() {
        return KNOWN.get(KNOWN.size() - 1).version();
    }

    /**
     * This build's versioned migrations as Flyway resolves them from {@code db/migration/sqlite}: version,
     * description and checksum, written out so that telling a current database from an old one needs no
     * Flyway (which loads some thousand classes: a second of every command's start). A test checks the list
     * against Flyway's own resolution, so a new or changed migration fails the build until it is listed here.
     */
    private static final List<Migration> KNOWN = List.of(
            new Migration("1", "initial", 754989797, true),
            new Migration("2", "operate", -1469417756, true),
            new Migration("4", "leases", -11397335, true),
            new Migration("5", "prune disabled", 505576915, true),
            new Migration("6", "retention", -804674110, true),
            new Migration("7", "inventory versions", 1042972157, true),
            new Migration("8", "health", -1682068996, true));

    /**
     * Whether a database with this Flyway history needs nothing from {@link #flyway}: it is Plumbline's, at
     * the newest version, with every migration a success and the store identity in place as this build writes
     * it. Such a database is opened without Flyway.
     */
    static boolean current(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, HISTORY_TABLE, null)) {
            if (!tables.next()) {
                return false;
            }
        }
        List<Migration> applied = history(connection);
        if (applied.isEmpty()) {
            return false;
        }
        Verdict verdict = judge(applied);
        if (!verdict.plumbline() || !newest().equals(verdict.version())) {
            return false;
        }
        int identity = new StoreIdMigration().getChecksum();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT checksum, success FROM " + HISTORY_TABLE
                     + " WHERE version IS NULL AND description = 'store identity' ORDER BY installed_rank DESC")) {
            return rows.next() && rows.getInt(1) == identity && rows.getInt(2) != 0;
        }
    }

    /** The versioned rows of a database's Flyway history, in the order they were applied. */
    static List<Migration> history(Connection connection) throws SQLException {
        List<Migration> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description, checksum, success FROM "
                     + HISTORY_TABLE + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rows.next()) {
                int checksum = rows.getInt(3);
                applied.add(new Migration(rows.getString(1), rows.getString(2), rows.wasNull() ? null : checksum,
                        rows.getInt(4) != 0));
            }
        }
        return applied;
    }

    /** Judges a database's history (not empty) against this build's migrations. */
    static Verdict judge(List<Migration> applied) {
        List<Migration> known = known();
        Optional<Migration> first = applied.stream().filter(m -> m.parsed().equals(known.get(0).parsed())).findFirst();
        if (first.isEmpty()) {
            return new Verdict(Verdict.Kind.FOREIGN, null, "its Flyway schema history has no migration "
                    + known.get(0).version() + ", as Plumbline's always has");
        }
        for (Migration migration : applied) {
            Optional<Migration> ours = known.stream().filter(k -> k.parsed().equals(migration.parsed())).findFirst();
            if (ours.isPresent() && !Objects.equals(ours.get().checksum(), migration.checksum())) {
                return new Verdict(Verdict.Kind.FOREIGN, null, "its Flyway schema history is another application's"
                        + " (migration " + migration.version() + " is '" + migration.description()
                        + "', not Plumbline's '" + ours.get().description() + "')");
            }
        }
        Migration last = applied.stream().max((a, b) -> a.parsed().compareTo(b.parsed())).orElseThrow();
        Optional<Migration> failed = applied.stream().filter(m -> !m.success()).findFirst();
        if (failed.isPresent()) {
            return new Verdict(Verdict.Kind.FAILED, last.version(), "its schema migration "
                    + failed.get().version() + " ('" + failed.get().description() + "') failed part-way");
        }
        if (last.parsed().compareTo(MigrationVersion.fromVersion(newest())) > 0) {
            return new Verdict(Verdict.Kind.NEWER, last.version(), "its schema is version " + last.version()
                    + ", newer than the newest this build of Plumbline knows (" + newest() + ")");
        }
        return new Verdict(Verdict.Kind.PLUMBLINE, last.version(), null);
    }
}
