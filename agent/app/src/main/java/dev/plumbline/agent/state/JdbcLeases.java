package dev.plumbline.agent.state;

import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.LeaseLostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases of a {@link JdbcStateStore}, in the table {@code leases}: one row per stack, kept once made so
 * that its token only grows, the holder's columns NULL while it is free. Taking one is a read, a judgement
 * ({@link LeaseInfo#takeable}: free, expired, or held by a process of this host that is gone, which only this
 * process can tell) and a compare-and-set of the row as it was read, so that of two processes taking it at
 * once one wins and the other reads again. Renewing, releasing and breaking are one conditional statement
 * each. Times are the store's clock, in epoch milliseconds.
 *
 * <p>A release that fails (the disk under the store is full, the database is locked too long) leaves the
 * lease held until it expires. This store remembers it, and frees it, by its token, before it next takes that
 * stack's lease and when it closes: once the store can be written again, the run that follows does not wait
 * out a lease its own process let go of, and nothing else's lease is touched (a lease taken over meanwhile
 * has another token).
 */
final class JdbcLeases {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbcLeases.class);

    /** How often a taker reads again after another process changed the row between its read and write. */
    private static final int ATTEMPTS = 5;

    private final JdbcCalls calls;
    private final Clock clock;
    /** Per stack, the token of a lease this store failed to release. */
    private final Map<String, Long> unreleased = new ConcurrentHashMap<>();

    JdbcLeases(JdbcCalls calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    /** The row of a stack's lease: its last token, and the lease while one is held. */
    private record Row(long token, Optional<LeaseInfo> held) {
    }

    Optional<Lease> acquire(String stack, LeaseHolder holder, Duration ttl) {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(holder, "holder");
        positive(ttl);
        releaseLeftOver(stack);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Row> row = row(stack);
            Instant now = Instant.ofEpochMilli(clock.millis());
            if (row.flatMap(Row::held).filter(held -> !held.takeable(now)).isPresent()) {
                return Optional.empty();
            }
            long token = row.map(r -> r.token() + 1).orElse(1L);
            if (write(stack, holder, now, now.plus(ttl), row)) {
                row.flatMap(Row::held).filter(held -> !held.expired(now)).ifPresent(dead -> LOG.info("stack {}:"
                        + " took over the lease of {}, whose process is gone, before it expired", stack,
                        dead.holder().describe()));
                return Optional.of(new Lease(stack, token, holder));
            }
        }
        return Optional.empty(); // others kept taking it meanwhile
    }

    /** Writes {@code holder} into the row if it is still as read ({@code row}); whether it did. */
    private boolean write(String stack, LeaseHolder holder, Instant since, Instant expires, Optional<Row> row) {
        String doing = "take the lease on stack " + stack + " for " + holder.describe();
        return calls.write(doing, connection -> {
            String sql = row.isEmpty() ? StateSql.INSERT_LEASE : StateSql.TAKE_LEASE;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int next = 1;
                if (row.isEmpty()) {
                    statement.setString(next++, stack);
                }
                statement.setString(next++, holder.role());
                statement.setString(next++, holder.host());
                statement.setLong(next++, holder.pid());
                if (holder.processStart().isPresent()) {
                    statement.setLong(next++, holder.processStart().get().toEpochMilli());
                } else {
                    statement.setNull(next++, Types.BIGINT);
                }
                statement.setString(next++, holder.instance());
                statement.setLong(next++, since.toEpochMilli());
                statement.setLong(next++, expires.toEpochMilli());
                if (row.isPresent()) {
                    Optional<LeaseInfo> held = row.get().held();
                    statement.setString(next++, stack);
                    statement.setLong(next++, row.get().token());
                    statement.setString(next++, held.map(info -> info.holder().instance()).orElse(""));
                    statement.setLong(next, held.map(info -> info.expiresAt().toEpochMilli()).orElse(0L));
                }
                return statement.executeUpdate() > 0;
            }
        });
    }

    boolean renew(Lease lease, Duration ttl) {
        positive(ttl);
        long expires = clock.millis() + ttl.toMillis();
        return calls.write("renew the lease on stack " + lease.stack(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(StateSql.RENEW_LEASE)) {
                statement.setLong(1, expires);
                statement.setString(2, lease.stack());
                statement.setLong(3, lease.token());
                return statement.executeUpdate() > 0;
            }
        });
    }

    void release(Lease lease) {
        try {
            free(lease.stack(), lease.token(), "release the lease on stack " + lease.stack());
        } catch (RuntimeException e) {
            unreleased.put(lease.stack(), lease.token());
            throw e;
        }
        unreleased.remove(lease.stack(), lease.token());
    }

    /** Frees, if it is still held, a lease of {@code stack} whose release failed earlier. */
    private void releaseLeftOver(String stack) {
        Long token = unreleased.get(stack);
        if (token != null) {
            free(stack, token, "release the lease on stack " + stack + " that an earlier run of this process"
                    + " could not release");
            unreleased.remove(stack, token);
        }
    }

    /** Frees what {@link #release} could not, as far as the store lets it now; what it cannot free expires. */
    void releaseLeftOvers() {
        for (String stack : List.copyOf(unreleased.keySet())) {
            try {
                releaseLeftOver(stack);
            } catch (RuntimeException stillFailing) {
                // it expires by itself; the failure was reported when the release first failed
            }
        }
    }

    Optional<LeaseInfo> lease(String stack) {
        return row(Objects.requireNonNull(stack, "stack")).flatMap(Row::held);
    }

    Optional<LeaseInfo> breakLease(String stack) {
        Objects.requireNonNull(stack, "stack");
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<LeaseInfo> held = lease(stack);
            if (held.isEmpty()) {
                return held;
            }
            if (free(stack, held.get().token(), "break the lease on stack " + stack)) {
                return held;
            }
        }
        throw JdbcStateStore.failure("break the lease on stack " + stack, "other processes kept taking it", null);
    }

    /** Whether {@code lease} is still held, with its token. */
    boolean held(Lease lease) {
        return lease(lease.stack()).filter(info -> info.token() == lease.token()).isPresent();
    }

    /** {@code lease} is lost: the failure to throw, saying who holds the stack's lease now. */
    LeaseLostException lost(Lease lease) {
        return LeaseLostException.of(lease, lease(lease.stack()));
    }

    private boolean free(String stack, long token, String doing) {
        return calls.write(doing, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(StateSql.FREE_LEASE)) {
                statement.setString(1, stack);
                statement.setLong(2, token);
                return statement.executeUpdate() > 0;
            }
        });
    }

    private Optional<Row> row(String stack) {
        return calls.read("read the lease on stack " + stack, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(StateSql.SELECT_LEASE)) {
                statement.setString(1, stack);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(row(stack, row)) : Optional.empty();
                }
            }
        });
    }

    /** A row of {@code leases}, columns as {@link StateSql#SELECT_LEASE} names them. */
    private static Row row(String stack, ResultSet row) throws SQLException {
        long token = row.getLong(1);
        String instance = row.getString(6);
        if (instance == null) {
            return new Row(token, Optional.empty());
        }
        LeaseHolder holder = new LeaseHolder(row.getString(2), row.getString(3), row.getLong(4),
                Optional.ofNullable(StateRows.instant(row, 5)), instance);
        return new Row(token, Optional.of(new LeaseInfo(stack, token, holder, StateRows.instant(row, 7),
                StateRows.instant(row, 8))));
    }

    private static void positive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a positive time, not " + ttl);
        }
    }
}
