package dev.plumbline.provider.postgres;

import dev.plumbline.model.Provenance;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.OwnershipRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider's ledger: the table {@code public.plumbline_provenance} in the database the provider's URL
 * names, made on the first write. One row per object a stack applied, keyed by the object
 * ({@link ObjectId}: kind, database, name), naming the stack, the resource ({@code metadata.name}), the
 * revision and time it was last applied, and whether the stack created it (false: adopted).
 *
 * <p>It is written before the object (the intent), so that a crash between the two never leaves an object
 * no stack will prune; and it is removed after the object. It serves three purposes: it is the provenance
 * of grants, which cannot carry a comment; it finds the objects inside other databases (schemas,
 * extensions, grants) that a stack no longer desires, knowing only their {@code metadata.name}; and it
 * stands in for the comment of an object whose comment is missing (a crash right after
 * {@code CREATE DATABASE}, which cannot share a transaction with anything). Where an object has a
 * provenance comment, the comment wins.
 */
final class Ledger {

    static final String TABLE = "public.plumbline_provenance";

    private static final String COLUMNS = "kind, database_name, object, stack, resource, revision, applied_at, created";

    /** One row: the object, the resource ({@code metadata.name}) that stands for it, and who owns it. */
    record Row(ObjectId id, String resource, OwnershipRecord owner) {
        Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(owner, "owner");
        }

        /** The row a write of {@code resource} for {@code context} records. */
        static Row written(ObjectId id, String resource, ApplyContext context, boolean created) {
            return new Row(id, resource, OwnershipRecord.stamped(context.provenance(), created));
        }

        Stamp stamp() {
            return new Stamp(owner, false);
        }
    }

    private volatile boolean ready;

    /** The rows of {@code stack} and the rows of {@code ids}, whichever stack holds them; none before the first write. */
    List<Row> read(Session admin, String stack, Collection<ObjectId> ids) throws SQLException {
        if (!exists(admin)) {
            return List.of();
        }
        return admin.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE stack = ?"
                + " OR kind || '/' || database_name || '/' || object = ANY(?)", Ledger::row, stack,
                ids.stream().map(ObjectId::text).toList());
    }

    /** The stacks that hold rows, whatever order; none before the first write. */
    List<String> stacks(Session admin) throws SQLException {
        if (!exists(admin)) {
            return List.of();
        }
        return admin.query("SELECT DISTINCT stack FROM " + TABLE, rs -> rs.getString(1));
    }

    Optional<Row> find(Session admin, ObjectId id) throws SQLException {
        if (!exists(admin)) {
            return Optional.empty();
        }
        return admin.queryOne("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE kind = ? AND database_name = ? AND object = ?", Ledger::row,
                id.kind().kind(), id.database(), id.object());
    }

    /** The rows {@code stack} holds for the resource {@code resource} of {@code kind}, whatever object they name. */
    List<Row> ofResource(Session admin, String stack, PostgresKind kind, String resource) throws SQLException {
        if (!exists(admin)) {
            return List.of();
        }
        return admin.query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE stack = ? AND kind = ? AND resource = ?",
                Ledger::row, stack, kind.kind(), resource);
    }

    /** Records {@code row}, replacing any row of its object. Makes the table first if needed. */
    void record(Session admin, Row row) throws SQLException {
        if (!ready) {
            create(admin);
        }
        try {
            upsert(admin, row);
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
            // someone dropped the table since: make it again
            create(admin);
            upsert(admin, row);
        }
    }

    private void upsert(Session admin, Row row) throws SQLException {
        admin.update("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (kind, database_name, object) DO UPDATE SET stack = excluded.stack,"
                + " resource = excluded.resource, revision = excluded.revision, applied_at = excluded.applied_at,"
                + " created = excluded.created", row.id().kind().kind(), row.id().database(), row.id().object(),
                row.owner().stack(), row.resource(), row.owner().revision(), row.owner().appliedAt(),
                row.owner().created());
    }

    void remove(Session admin, ObjectId id) throws SQLException {
        if (exists(admin)) {
            admin.update("DELETE FROM " + TABLE + " WHERE kind = ? AND database_name = ? AND object = ?",
                    id.kind().kind(), id.database(), id.object());
        }
    }

    /** Removes the rows of {@code stack} for objects inside {@code database}, which is gone. */
    void removeInside(Session admin, String database, String stack) throws SQLException {
        if (exists(admin)) {
            admin.update("DELETE FROM " + TABLE + " WHERE database_name = ? AND stack = ?", database, stack);
        }
    }

    private boolean exists(Session admin) throws SQLException {
        if (!ready) {
            ready = admin.queryOne("SELECT to_regclass(?) IS NOT NULL", rs -> rs.getBoolean(1), TABLE).orElse(false);
        }
        return ready;
    }

    private void create(Session admin) throws SQLException {
        ready = false;
        try {
            createTable(admin);
        } catch (SQLException e) {
            // another agent made it at the same moment
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        ready = true;
    }

    private void createTable(Session admin) throws SQLException {
        admin.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (kind text NOT NULL, database_name text NOT NULL,"
                + " object text NOT NULL, stack text NOT NULL, resource text NOT NULL, revision text NOT NULL,"
                + " applied_at timestamptz NOT NULL, created boolean NOT NULL,"
                + " PRIMARY KEY (kind, database_name, object))");
        admin.execute("CREATE INDEX IF NOT EXISTS plumbline_provenance_stack ON " + TABLE + " (stack, kind, resource)");
        admin.execute("COMMENT ON TABLE " + TABLE + " IS " + Quoting.literal("Plumbline's ledger: which stack"
                + " applied which object (see docs/postgres-provider.md). Edit only to hand an object over."));
    }

    private static Row row(ResultSet rs) throws SQLException {
        String written = rs.getString("kind");
        PostgresKind kind = PostgresKind.of(written).orElseThrow(() -> new SQLException(
                "unknown kind " + written + " in " + TABLE));
        return new Row(new ObjectId(kind, rs.getString("database_name"), rs.getString("object")),
                rs.getString("resource"), OwnershipRecord.stamped(new Provenance(rs.getString("stack"),
                rs.getString("revision"), rs.getObject("applied_at", OffsetDateTime.class).toInstant()),
                rs.getBoolean("created")));
    }
}
