package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What writing one object takes, worked out before anything is written: the ledger row to record first
 * (the intent), whether the object had a row before ({@code fresh}: none, so a write that fails takes its
 * row back), the statements that write the object and its comment (none when only labels or annotations
 * change: the row is all there is to write), whether they may share a transaction ({@code CREATE DATABASE}
 * may not), the result to report once they are written, and how a failure names the write ({@code doing}:
 * {@code create role "app"}).
 */
record ObjectWrite(Change change, Ledger.Row row, boolean fresh, List<Sql> statements, boolean transactional,
                   ApplyResult result, String doing) {

    ObjectWrite {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(row, "row");
        statements = List.copyOf(statements);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(doing, "doing");
    }

    ObjectId id() {
        return row.id();
    }

    /** The secrets its statements carry, to mask in any message. */
    String[] secrets() {
        List<String> secrets = new ArrayList<>();
        statements.forEach(sql -> secrets.addAll(sql.secrets()));
        return secrets.toArray(String[]::new);
    }

    /** This write reporting {@code suffix} after its result's message (what became of a former object). */
    ObjectWrite reporting(String suffix) {
        return suffix.isEmpty() ? this : new ObjectWrite(change, row, fresh, statements, transactional,
                new ApplyResult(result.outcome(), result.message() + suffix), doing);
    }
}
