package dev.plumbline.provider.postgres;

import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.FieldPath;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The provider's ledger: the table {@code public.plumbline_provenance} in the database the provider's URL
 * names, made on the first write. One row per object a stack applied, keyed by the object
 * ({@link ObjectId}: kind, database, name), naming the stack, the resource ({@code metadata.name}), the
 * revision and time it was last applied, whether the stack created it (false: adopted), and the resource's
 * labels and annotations ({@link LedgerMetadata}), which no PostgreSQL object can carry.
 *
 * <p>It is written before the object (the intent), so that a crash between the two never leaves an object
 * no stack will prune; and it is removed after the object. It serves three purposes: it is the provenance
 * of grants, which cannot carry a comment; it finds the objects inside other databases (schemas,
 * extensions, grants) that a stack no longer desires, knowing only their {@code metadata.name}; and it
 * stands in for the comment of an object whose comment is missing (a crash right after
 * {@code CREATE DATABASE}, which cannot share a transaction with anything). Where an object has a
 * provenance comment, the comment wins for provenance; labels and annotations are only ever in the row.
 *
 * <p>A ledger made by an earlier version has no {@code metadata} column: it is read as if every row had
 * none, and the first write adds the column ({@code ADD COLUMN IF NOT EXISTS}), so reading never needs more
 * than {@code SELECT}. Should the table be dropped, or made again without the column, while the provider
 * runs, the next statement finds out and looks again.
 */
final class Ledger {

    static final String TABLE = "public.plumbline_provenance";

    private static final String COLUMNS = "kind, database_name, object, stack, resource, revision, applied_at, created";

    /** SQLSTATEs of a table that went away (undefined table) or lost its metadata column (undefined column). */
    private static final Set<String> CHANGED_BENEATH = Set.of("42P01", "42703");

    private static final FieldPath METADATA = FieldPath.of("metadata");

    /**
     * One row: the object, the resource ({@code metadata.name}) that stands for it, and who owns it, with the
     * resource's labels and annotations ({@link OwnershipRecord#metadata()}).
     */
    record Row(ObjectId id, String resource, OwnershipRecord owner) {
        Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(owner, "owner");
        }

        /** The row a write of {@code desired} for {@code context} records, with its labels and annotations. */
        static Row written(ObjectId id, Resource desired, ApplyContext context, boolean created) {
            return new Row(id, desired.key().name(), OwnershipRecord.stamped(context.provenance(), created)
                    .withMetadata(RecordedMetadata.of(desired)));
        }

        RecordedMetadata metadata() {
            return owner.metadata();
        }

        Stamp stamp() {
            return new Stamp(owner, false);
        }
    }

    /** How far the table is made: not at all, by a version without the metadata column, or as this one makes it. */
    private enum Shape { ABSENT, WITHOUT_METADATA, CURRENT }

    /** A statement on the table as it is made. */
    @FunctionalInterface
    private interface OnTable<T> {
        T run(Shape shape) throws SQLException;
    }

    /** The shape last seen; only {@link Shape#CURRENT} is kept without looking again. */
    private volatile Shape shape = Shape.ABSENT;

    /**
     * Whether applying {@code change} needs only its ledger row written: it is an update whose every
     * difference is under {@code metadata} (labels, annotations), which only the ledger keeps, so neither
     * the object nor its comment is touched.
     */
    static boolean rowOnly(Change change) {
        return change.live().isPresent() && !change.diff().isEmpty()
                && change.diff().stream().allMatch(difference -> difference.path().startsWith(METADATA));
    }

    /** The rows of {@code stack} and the rows of {@code ids}, whichever stack holds them; none before the first write. */
    List<Row> read(Session admin, String stack, Collection<ObjectId> ids) throws SQLException {
        return onTable(admin, List.of(), made -> admin.query(select(made) + " WHERE stack = ?"
                + " UNION ALL " + select(made) + OF_IDS + " WHERE stack <> ?", Ledger::row,
                withIds(List.of(stack), ids, stack)));
    }

    /**
     * The rows of {@code ids}, whichever stack holds them, and the rows {@code stack} holds for the resources
     * {@code resources} of {@code kind}, whatever object they name (see {@link Superseded}), in one query
     * through the table's indexes; none before the first write.
     */
    List<Row> rows(Session admin, String stack, PostgresKind kind, Collection<ObjectId> ids,
                   Collection<String> resources) throws SQLException {
        return distinct(onTable(admin, List.of(), made -> admin.query(select(made) + OF_IDS + " UNION ALL "
                + select(made) + " WHERE stack = ? AND kind = ? AND resource = ANY(?)", Ledger::row,
                withIds(List.of(), ids, stack, kind.kind(), resources))));
    }

    /** The stacks that hold rows, whatever order; none before the first write. */
    List<String> stacks(Session admin) throws SQLException {
        return onTable(admin, List.of(), made -> admin.query("SELECT DISTINCT stack FROM " + TABLE,
                rs -> rs.getString(1)));
    }

    Optional<Row> find(Session admin, ObjectId id) throws SQLException {
        return onTable(admin, Optional.empty(), made -> admin.queryOne(select(made)
                + " WHERE kind = ? AND database_name = ? AND object = ?", Ledger::row,
                id.kind().kind(), id.database(), id.object()));
    }

    /**
     * Records {@code row}, replacing any row of its object, labels and annotations included (none clears
     * them). Makes the table, or adds its metadata column, first if needed.
     */
    void record(Session admin, Row row) throws SQLException {
        recordAll(admin, List.of(row));
    }

    /**
     * Records {@code rows} as {@link #record} does, all in one transaction and one round trip: a batch's
     * intents, written before any of its objects.
     */
    void recordAll(Session admin, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        prepare(admin);
        try {
            upsert(admin, rows);
        } catch (SQLException e) {
            if (!CHANGED_BENEATH.contains(PostgresFailures.state(e))) {
                throw e;
            }
            // someone dropped the table (or its column) since: look again, and make it again
            shape = Shape.ABSENT;
            prepare(admin);
            upsert(admin, rows);
        }
    }

    private void upsert(Session admin, List<Row> rows) throws SQLException {
        List<List<Object>> parameters = new ArrayList<>();
        for (Row row : rows) {
            List<Object> values = new ArrayList<>(List.of(row.id().kind().kind(), row.id().database(),
                    row.id().object(), row.owner().stack(), row.resource(), row.owner().revision(),
                    row.owner().appliedAt(), row.owner().created()));
            values.addAll(LedgerMetadata.parameters(row.metadata()));
            parameters.add(values);
        }
        String upsert = "INSERT INTO " + TABLE + " (" + COLUMNS + ", metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                + LedgerMetadata.VALUE + ") ON CONFLICT (kind, database_name, object) DO UPDATE SET"
                + " stack = excluded.stack, resource = excluded.resource, revision = excluded.revision,"
                + " applied_at = excluded.applied_at, created = excluded.created, metadata = excluded.metadata";
        if (rows.size() == 1) {
            admin.update(upsert, parameters.get(0).toArray());
        } else {
            admin.inTransaction(() -> admin.updateAll(upsert, parameters));
        }
    }

    /** Removes the rows of {@code ids}, in one statement. */
    void removeAll(Session admin, Collection<ObjectId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        onTable(admin, 0, made -> admin.update("DELETE FROM " + TABLE + " p USING unnest(?::text[], ?::text[],"
                + " ?::text[]) AS w(kind, database_name, object) WHERE (p.kind, p.database_name, p.object)"
                + " = (w.kind, w.database_name, w.object)", withIds(List.of(), ids)));
    }

    void remove(Session admin, ObjectId id) throws SQLException {
        onTable(admin, 0, made -> admin.update("DELETE FROM " + TABLE
                + " WHERE kind = ? AND database_name = ? AND object = ?", id.kind().kind(), id.database(), id.object()));
    }

    /** Removes the rows {@code stack} holds for the resource {@code resource} of {@code kind}, whatever they name. */
    void forget(Session admin, String stack, PostgresKind kind, String resource) throws SQLException {
        onTable(admin, 0, made -> admin.update("DELETE FROM " + TABLE + " WHERE stack = ? AND kind = ?"
                + " AND resource = ?", stack, kind.kind(), resource));
    }

    /** Removes the rows of {@code stack} for objects inside {@code database}, which is gone. */
    void removeInside(Session admin, String database, String stack) throws SQLException {
        onTable(admin, 0, made -> admin.update("DELETE FROM " + TABLE + " WHERE database_name = ? AND stack = ?",
                database, stack));
    }

    /**
     * Runs {@code statement} on the table as it is made; {@code none} when there is no table. When the table
     * changed beneath a shape seen earlier, looks again and runs it once more.
     */
    private <T> T onTable(Session admin, T none, OnTable<T> statement) throws SQLException {
        Shape seen = shape(admin);
        if (seen == Shape.ABSENT) {
            return none;
        }
        try {
            return statement.run(seen);
        } catch (SQLException e) {
            if (!CHANGED_BENEATH.contains(e.getSQLState())) {
                throw e;
            }
            shape = Shape.ABSENT;
            seen = shape(admin);
            return seen == Shape.ABSENT ? none : statement.run(seen);
        }
    }

    private Shape shape(Session admin) throws SQLException {
        if (shape != Shape.CURRENT) {
            shape = admin.queryOne("SELECT to_regclass(?) IS NOT NULL, EXISTS (SELECT 1 FROM pg_attribute"
                    + " WHERE attrelid = to_regclass(?) AND attname = 'metadata' AND NOT attisdropped)",
                    rs -> !rs.getBoolean(1) ? Shape.ABSENT : rs.getBoolean(2) ? Shape.CURRENT : Shape.WITHOUT_METADATA,
                    TABLE, TABLE).orElse(Shape.ABSENT);
        }
        return shape;
    }

    /** Joins the query before it with the ids of its three first parameters, by the table's primary key. */
    private static final String OF_IDS = " JOIN unnest(?::text[], ?::text[], ?::text[]) AS w(kind, database_name,"
            + " object) USING (kind, database_name, object)";

    /**
     * The parameters {@code before}, then the three arrays of {@code ids} {@link #OF_IDS} takes (kinds,
     * databases, names), then {@code after}.
     */
    private static Object[] withIds(List<Object> before, Collection<ObjectId> ids, Object... after) {
        List<Object> parameters = new ArrayList<>(before);
        parameters.add(ids.stream().map(id -> id.kind().kind()).toList());
        parameters.add(ids.stream().map(ObjectId::database).toList());
        parameters.add(ids.stream().map(ObjectId::object).toList());
        parameters.addAll(List.of(after));
        return parameters.toArray();
    }

    /** {@code rows} with each object once (a query of two parts may find a row twice). */
    private static List<Row> distinct(List<Row> rows) {
        Map<ObjectId, Row> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.putIfAbsent(row.id(), row));
        return List.copyOf(byId.values());
    }

    /** The query of whole rows; a ledger without the metadata column reads as rows without labels and annotations. */
    private static String select(Shape made) {
        return "SELECT " + COLUMNS + ", " + LedgerMetadata.columns(made == Shape.CURRENT ? "metadata" : "NULL::jsonb")
                + " FROM " + TABLE;
    }

    /** Makes the table, or adds the metadata column to one an earlier version made; nothing when it is current. */
    private void prepare(Session admin) throws SQLException {
        Shape seen = shape(admin);
        if (seen == Shape.ABSENT) {
            try {
                createTable(admin);
            } catch (SQLException e) {
                // another agent made it at the same moment
                if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } else if (seen == Shape.WITHOUT_METADATA) {
            addMetadata(admin);
        }
        shape = Shape.CURRENT;
    }

    /** Makes the table; every statement may run again (an earlier version's table gets the column too). */
    private void createTable(Session admin) throws SQLException {
        admin.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (kind text NOT NULL, database_name text NOT NULL,"
                + " object text NOT NULL, stack text NOT NULL, resource text NOT NULL, revision text NOT NULL,"
                + " applied_at timestamptz NOT NULL, created boolean NOT NULL, metadata jsonb,"
                + " PRIMARY KEY (kind, database_name, object))");
        admin.execute("CREATE INDEX IF NOT EXISTS plumbline_provenance_stack ON " + TABLE + " (stack, kind, resource)");
        admin.execute("COMMENT ON TABLE " + TABLE + " IS " + Quoting.literal("Plumbline's ledger: which stack"
                + " applied which object (see docs/postgres-provider.md). Edit only to hand an object over."));
        addMetadata(admin);
    }

    /**
     * Adds the metadata column, unless it is there. Only the table's owner may; when that is another role (the
     * table was made in advance), the sentence says what to run as the owner.
     */
    private void addMetadata(Session admin) throws SQLException {
        String add = "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS metadata jsonb";
        try {
            admin.execute(add);
            admin.execute("COMMENT ON COLUMN " + TABLE + ".metadata IS " + Quoting.literal("the labels and"
                    + " annotations of the resource, which a PostgreSQL object cannot carry; NULL: none"));
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            throw new StalledException(Reasons.POSTGRES_ERROR, "the ledger " + TABLE + " was made by an earlier"
                    + " version of Plumbline and lacks the column this one keeps labels and annotations in, which"
                    + " only the table's owner may add: " + PostgresFailures.reason(e) + "; run " + add
                    + " as its owner, or make the provider's user its owner, then sync the stack again");
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        String written = rs.getString("kind");
        PostgresKind kind = PostgresKind.of(written).orElseThrow(() -> new SQLException(
                "unknown kind " + written + " in " + TABLE));
        return new Row(new ObjectId(kind, rs.getString("database_name"), rs.getString("object")),
                rs.getString("resource"), OwnershipRecord.stamped(new Provenance(rs.getString("stack"),
                rs.getString("revision"), rs.getObject("applied_at", OffsetDateTime.class).toInstant()),
                rs.getBoolean("created")).withMetadata(LedgerMetadata.read(rs)));
    }
}
