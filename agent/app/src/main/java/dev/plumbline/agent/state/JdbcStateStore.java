package dev.plumbline.agent.state;

import dev.plumbline.config.AdminConfig;
import dev.plumbline.problem.Reasons;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackControls;
import dev.plumbline.engine.state.AuditLog;
import dev.plumbline.engine.state.WebhookDeliveries;
import dev.plumbline.engine.state.ForwardingStateStore;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.apply.InventoryJournal;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.TransientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StateStore} over plain JDBC and the SQL of {@link StateSql}: every call is one statement, and so
 * its own transaction (auto-commit), or, where it needs two, one explicit transaction; each on a connection
 * of its own, writes of this process one at a time ({@link JdbcCalls}). Leases are {@link JdbcLeases}'; the
 * writes of a view {@link #fenced} by a lease check its token in the same statement as the write. Times are
 * epoch milliseconds. A subclass supplies the connections, migrates the schema, and says in a few words what
 * its driver's errors mean ({@link #explain}). A PostgreSQL store needs only that.
 */
abstract class JdbcStateStore implements StateStore, Pruning {

    /** The reason of every failure of the store. */
    static final String REASON = Reasons.STATE_STORE_ERROR;

    private final JdbcCalls calls;
    private final String database;
    private final Clock clock;
    private final JdbcOperatorRecords operators;
    private final JdbcLeases leases;
    private final JdbcRetention retention;
    /**
     * Per stack, its inventory as this store last read or wrote it, and the version of the inventory that is
     * ({@link StateSql#SELECT_INVENTORY_VERSION}). A map kept here is never changed: a write makes a new one.
     */
    private final Map<String, KnownInventory> inventories = new ConcurrentHashMap<>();

    /**
     * A stack's inventory at one version of it, in key order ({@code view} is what callers get of {@code
     * entries}). A hash map kept in that order: a run looks up every desired key in it, and a sorted tree
     * compared five strings some fourteen times for each (8 ms of a push's run at 10,000 resources).
     */
    private record KnownInventory(long version, LinkedHashMap<ResourceKey, InventoryEntry> entries,
                                  Map<ResourceKey, InventoryEntry> view) {

        KnownInventory(long version, LinkedHashMap<ResourceKey, InventoryEntry> entries) {
            this(version, entries, Collections.unmodifiableMap(entries));
        }
    }

    /**
     * {@code database} names the database in messages: a file, a URL without credentials. The store owns
     * {@code connections} and closes them when it closes.
     */
    protected JdbcStateStore(ConnectionPool connections, String database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.calls = new JdbcCalls(connections, database, this::explain);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.operators = new JdbcOperatorRecords(calls, clock);
        this.leases = new JdbcLeases(calls, clock);
        this.retention = new JdbcRetention(calls, clock);
    }

    @Override
    public StackControls controls() {
        return operators;
    }

    @Override
    public AuditLog audit() {
        return operators;
    }

    @Override
    public WebhookDeliveries deliveries() {
        return operators;
    }

    @Override
    public Pruned prune(AdminConfig.Retention keep) {
        return retention.prune(keep);
    }

    /** How this store runs a call: on a connection of its own, writes one at a time. */
    JdbcCalls calls() {
        return calls;
    }

    /** What a driver error means, in words that fit after "Could not ... in the state database X: ". */
    protected abstract String explain(SQLException error);

    /** A failure of the store as a sentence: "Could not {what}: {explanation}." */
    static TransientException failure(String what, String explanation, Throwable cause) {
        return new TransientException(REASON, "Could not " + what + ": " + explanation + ".", cause);
    }

    @Override
    public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        record(stack, key, hash, revision, true, pruneDisabled, "record the intent to write ", null);
    }

    @Override
    public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
        record(stack, key, hash, revision, false, pruneDisabled, "record the write of ", null);
    }

    /** Upserts an inventory entry; with a {@code fence}, only while it is held. */
    private void record(String stack, ResourceKey key, String hash, String revision, boolean pending,
                        boolean pruneDisabled, String doing, Lease fence) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(revision, "revision");
        inventories.remove(stack); // one change at a time is not worth a copy of the inventory kept
        int changed = update(doing + key.display() + " of stack " + stack,
                fence == null ? StateSql.UPSERT_INVENTORY : StateSql.FENCED_UPSERT_INVENTORY,
                statement -> bindEntry(statement, stack, key, hash, revision, pending, pruneDisabled,
                        clock.millis(), fence));
        fenceHeld(fence, changed > 0);
    }

    @Override
    public void forget(String stack, ResourceKey key) {
        forget(stack, key, null);
    }

    @Override
    public void intendAll(String stack, String revision, List<InventoryJournal.Entry> entries) {
        recordAll(stack, revision, entries, true, null);
    }

    @Override
    public void settleAll(String stack, String revision, List<InventoryJournal.Entry> entries) {
        recordAll(stack, revision, entries, false, null);
    }

    /**
     * Upserts (or, for an entry without a hash, deletes) every entry in one transaction, in batches of
     * statements; with a {@code fence}, only while it is held: a statement that finds the lease gone rolls the
     * whole transaction back.
     */
    private void recordAll(String stack, String revision, List<InventoryJournal.Entry> entries, boolean pending,
                           Lease fence) {
        Objects.requireNonNull(revision, "revision");
        if (entries.isEmpty()) {
            return;
        }
        String doing = (pending ? "record the intent to write " : "record the outcome of ") + entries.size()
                + " changes of stack " + stack;
        long[] versions = new long[2]; // the inventory's version before these writes and after them
        boolean held = calls.transaction(doing, connection -> {
            long now = clock.millis();
            versions[0] = inventoryVersion(connection, stack);
            try (PreparedStatement upsert = connection.prepareStatement(
                    fence == null ? StateSql.UPSERT_INVENTORY : StateSql.FENCED_UPSERT_INVENTORY);
                 PreparedStatement delete = connection.prepareStatement(
                         fence == null ? StateSql.DELETE_INVENTORY : StateSql.FENCED_DELETE_INVENTORY)) {
                int upserts = 0;
                int deletes = 0;
                for (InventoryJournal.Entry entry : entries) {
                    if (entry.hash() == null) {
                        if (pending) {
                            throw new IllegalArgumentException("an intent needs a hash: " + entry.key());
                        }
                        bindFence(delete, bindKey(delete, stack, entry.key()), fence);
                        delete.addBatch();
                        deletes++;
                    } else {
                        bindEntry(upsert, stack, entry.key(), entry.hash(), revision, pending, entry.pruneDisabled(),
                                now, fence);
                        upsert.addBatch();
                        upserts++;
                    }
                }
                boolean written = upserts == 0 || allChanged(upsert.executeBatch());
                boolean deleted = deletes == 0 || allChanged(delete.executeBatch());
                if (fence != null && !(written && (deleted || leases.held(fence)))) {
                    connection.rollback(); // the lease is gone: none of it stands
                    return false;
                }
                versions[1] = inventoryVersion(connection, stack);
                return true;
            }
        });
        if (held) {
            keepWritten(stack, versions[0], versions[1], revision, pending, entries);
        }
        fenceHeld(fence, held);
    }

    /**
     * After a transaction took the inventory of {@code stack} from version {@code before} to {@code after} by
     * writing {@code entries}: keeps the inventory kept for {@code before} with these writes, as the one of
     * {@code after}; anything else kept of it is dropped (it is older than the writes).
     */
    private void keepWritten(String stack, long before, long after, String revision, boolean pending,
                             List<InventoryJournal.Entry> entries) {
        KnownInventory known = inventories.remove(stack);
        if (known == null || known.version() != before) {
            return;
        }
        // keys already there keep their place; a key added or removed puts the whole map in order again
        boolean inPlace = entries.stream().allMatch(entry -> entry.hash() != null
                && known.entries().containsKey(entry.key()));
        Map<ResourceKey, InventoryEntry> written = inPlace ? new LinkedHashMap<>(known.entries())
                : new TreeMap<>(known.entries());
        for (InventoryJournal.Entry entry : entries) {
            if (entry.hash() == null) {
                written.remove(entry.key());
            } else {
                written.put(entry.key(), new InventoryEntry(entry.key(), entry.hash(), revision, pending,
                        entry.pruneDisabled()));
            }
        }
        inventories.putIfAbsent(stack, new KnownInventory(after, inPlace
                ? (LinkedHashMap<ResourceKey, InventoryEntry>) written : new LinkedHashMap<>(written)));
    }

    /** The version of the inventory of {@code stack} (0 before it had any entry). */
    private static long inventoryVersion(Connection connection, String stack) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(StateSql.SELECT_INVENTORY_VERSION)) {
            statement.setString(1, stack);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Whether every statement of a batch changed a row (a driver that cannot say counts as changed). */
    private static boolean allChanged(int[] counts) {
        for (int count : counts) {
            if (count == 0) {
                return false;
            }
        }
        return true;
    }

    private void forget(String stack, ResourceKey key, Lease fence) {
        inventories.remove(stack);
        int changed = update("forget " + key.display() + " of stack " + stack,
                fence == null ? StateSql.DELETE_INVENTORY : StateSql.FENCED_DELETE_INVENTORY,
                statement -> bindFence(statement, bindKey(statement, stack, key), fence));
        fenceHeld(fence, changed > 0 || fence == null || leases.held(fence)); // nothing to forget is no loss
    }

    /**
     * The inventory of {@code stack}, sorted by key. The one this store read or wrote last is given again
     * while the inventory's version in the database is the one it had then, so that a run of a large stack
     * reads one row, not every row, when nobody changed the inventory since (the version is read before the
     * rows, so rows kept are never older than the version they are kept for).
     */
    @Override
    public Map<ResourceKey, InventoryEntry> inventory(String stack) {
        Objects.requireNonNull(stack, "stack");
        return calls.read("read the inventory of stack " + stack, connection -> {
            long version = inventoryVersion(connection, stack);
            KnownInventory known = inventories.get(stack);
            if (known != null && known.version() == version) {
                return known.view();
            }
            TreeMap<ResourceKey, InventoryEntry> entries = new TreeMap<>();
            Map<String, String> revisions = new HashMap<>(); // one copy of each: a run writes many
            try (PreparedStatement statement = connection.prepareStatement(StateSql.SELECT_INVENTORY)) {
                statement.setString(1, stack);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ResourceKey key = new ResourceKey(rows.getString(1), rows.getString(2),
                                rows.getString(3), rows.getString(4), rows.getString(5));
                        entries.put(key, new InventoryEntry(key, rows.getString(6),
                                revisions.computeIfAbsent(rows.getString(7), same -> same),
                                rows.getInt(8) != 0, rows.getInt(9) != 0));
                    }
                }
            }
            KnownInventory read = new KnownInventory(version, new LinkedHashMap<>(entries));
            inventories.put(stack, read);
            return read.view();
        });
    }

    @Override
    public Optional<StackStatus> status(String stack) {
        return calls.read("read the status of stack " + stack, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(StateSql.SELECT_STATUS)) {
                statement.setString(1, Objects.requireNonNull(stack, "stack"));
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(StateRows.status(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void saveStatus(StackStatus status) {
        saveStatus(status, null);
    }

    private void saveStatus(StackStatus status, Lease fence) {
        String sql = fence == null ? StateSql.UPSERT_STATUS : StateSql.FENCED_UPSERT_STATUS;
        int changed = update("save the status of stack " + status.stack(), sql, statement -> {
            statement.setString(1, status.stack());
            statement.setString(2, status.lastAttemptedRevision());
            StateRows.setInstant(statement, 3, status.lastAttemptedAt());
            statement.setString(4, status.lastAppliedRevision());
            StateRows.setInstant(statement, 5, status.lastAppliedAt());
            statement.setString(6, status.condition());
            statement.setString(7, status.reason());
            statement.setString(8, status.message());
            statement.setInt(9, status.drifted());
            StateRows.setInstant(statement, 10, status.updatedAt());
            statement.setString(11, status.health());
            statement.setString(12, status.healthMessage());
            bindFence(statement, 13, fence);
        });
        fenceHeld(fence, changed > 0);
    }

    @Override
    public long startRun(RunStart start) {
        return startRun(start, null);
    }

    private long startRun(RunStart start, Lease fence) {
        Optional<Long> id = calls.write("record the start of a run of stack " + start.stack(), connection -> {
            String sql = fence == null ? StateSql.INSERT_RUN : StateSql.FENCED_INSERT_RUN;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, start.stack());
                statement.setString(2, start.revision());
                statement.setString(3, start.trigger());
                statement.setString(4, start.triggerDetail());
                StateRows.setInstant(statement, 5, start.startedAt());
                bindFence(statement, 6, fence);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
        fenceHeld(fence, id.isPresent());
        return id.orElseThrow();
    }

    @Override
    public void finishRun(long id, RunEnd end) {
        finishRun(id, end, null);
    }

    private void finishRun(long id, RunEnd end, Lease fence) {
        String sql = fence == null ? StateSql.FINISH_RUN : StateSql.FENCED_FINISH_RUN;
        int changed = update("record the end of run " + id, sql, statement -> {
            statement.setString(1, end.revision());
            statement.setString(2, end.result());
            statement.setString(3, end.reason());
            statement.setString(4, end.message());
            statement.setInt(5, end.created());
            statement.setInt(6, end.updated());
            statement.setInt(7, end.deleted());
            statement.setInt(8, end.unchanged());
            StateRows.setInstant(statement, 9, end.finishedAt());
            statement.setLong(10, id);
            bindFence(statement, 11, fence);
        });
        fenceHeld(fence, changed > 0 || fence == null || leases.held(fence)); // else: no such run
        if (changed == 0) {
            throw new IllegalArgumentException("there is no run " + id + " in " + database);
        }
    }

    @Override
    public List<RunRecord> history(String stack, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return calls.read("read the history of stack " + stack, connection -> {
            List<RunRecord> runs = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(StateSql.SELECT_RUNS)) {
                statement.setString(1, Objects.requireNonNull(stack, "stack"));
                statement.setInt(2, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        runs.add(StateRows.run(rows));
                    }
                }
            }
            return List.copyOf(runs);
        });
    }

    @Override
    public Optional<Lease> acquire(String stack, LeaseHolder holder, Duration ttl) {
        return leases.acquire(stack, holder, ttl);
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        return leases.renew(lease, ttl);
    }

    @Override
    public void release(Lease lease) {
        leases.release(lease);
    }

    @Override
    public Optional<LeaseInfo> lease(String stack) {
        return leases.lease(stack);
    }

    @Override
    public Optional<LeaseInfo> breakLease(String stack) {
        return leases.breakLease(stack);
    }

    @Override
    public StateStore fenced(Lease lease) {
        return new Fenced(Objects.requireNonNull(lease, "lease"));
    }

    /** Binds the fence's stack and token at {@code index} and the next, when there is a fence. */
    private static void bindFence(PreparedStatement statement, int index, Lease fence) throws SQLException {
        if (fence != null) {
            statement.setString(index, fence.stack());
            statement.setLong(index + 1, fence.token());
        }
    }

    /** Throws when a write under {@code fence} found its lease not held ({@code held} false). */
    private void fenceHeld(Lease fence, boolean held) {
        if (fence != null && !held) {
            throw leases.lost(fence);
        }
    }

    /** The store as a run under a lease writes to it: each write checks the lease's token in its statement. */
    private final class Fenced extends ForwardingStateStore {

        private final Lease lease;

        Fenced(Lease lease) {
            super(JdbcStateStore.this);
            this.lease = lease;
        }

        private Lease fence(String stack) {
            if (!lease.stack().equals(stack)) {
                throw new IllegalArgumentException("a view fenced by the lease on stack '" + lease.stack()
                        + "' writes that stack only, not '" + stack + "'");
            }
            return lease;
        }

        @Override
        public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            record(stack, key, hash, revision, true, pruneDisabled, "record the intent to write ", fence(stack));
        }

        @Override
        public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            record(stack, key, hash, revision, false, pruneDisabled, "record the write of ", fence(stack));
        }

        @Override
        public void forget(String stack, ResourceKey key) {
            JdbcStateStore.this.forget(stack, key, fence(stack));
        }

        @Override
        public void intendAll(String stack, String revision, List<InventoryJournal.Entry> entries) {
            recordAll(stack, revision, entries, true, fence(stack));
        }

        @Override
        public void settleAll(String stack, String revision, List<InventoryJournal.Entry> entries) {
            recordAll(stack, revision, entries, false, fence(stack));
        }

        @Override
        public void saveStatus(StackStatus status) {
            JdbcStateStore.this.saveStatus(status, fence(status.stack()));
        }

        @Override
        public long startRun(RunStart start) {
            return JdbcStateStore.this.startRun(start, fence(start.stack()));
        }

        @Override
        public void finishRun(long id, RunEnd end) {
            JdbcStateStore.this.finishRun(id, end, lease);
        }

        @Override
        public String toString() {
            return database + ", fenced by the lease on stack " + lease.stack() + " (token " + lease.token() + ")";
        }
    }

    /**
     * Frees the leases this store could not release earlier (when it can now), waits for the calls under way
     * to finish, then closes every connection; closing again does nothing.
     */
    @Override
    public void close() {
        leases.releaseLeftOvers();
        calls.close();
    }

    /** Runs one statement with its parameters bound by {@code binder}; returns the rows it changed. */
    private int update(String doing, String sql, Binder binder) {
        return calls.write(doing, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    /** Binds every parameter of an inventory upsert ({@link StateSql#UPSERT_INVENTORY} or its fenced form). */
    private static void bindEntry(PreparedStatement statement, String stack, ResourceKey key, String hash,
                                  String revision, boolean pending, boolean pruneDisabled, long now, Lease fence)
            throws SQLException {
        int next = bindKey(statement, stack, key);
        statement.setString(next, hash);
        statement.setString(next + 1, revision);
        statement.setInt(next + 2, pending ? 1 : 0);
        statement.setInt(next + 3, pruneDisabled ? 1 : 0);
        statement.setLong(next + 4, now);
        bindFence(statement, next + 5, fence);
    }

    /** Binds the stack and the five parts of the key as parameters 1-6; returns the next index. */
    private static int bindKey(PreparedStatement statement, String stack, ResourceKey key) throws SQLException {
        statement.setString(1, Objects.requireNonNull(stack, "stack"));
        statement.setString(2, key.provider());
        statement.setString(3, key.group());
        statement.setString(4, key.kind());
        statement.setString(5, key.namespace());
        statement.setString(6, key.name());
        return 7;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
