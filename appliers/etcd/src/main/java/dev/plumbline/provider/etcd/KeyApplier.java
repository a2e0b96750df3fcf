package dev.plumbline.provider.etcd;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.PartialApply;
import dev.plumbline.provider.ownership.OwnedByAnotherStack;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a stack's changes into a {@link StackTransaction} and commits it, in as many etcd transactions as
 * the members' limits require (each key with its record and its comparisons in one; each resource in one
 * when it fits). For each key a resource
 * writes: the value (skipped when etcd already holds those very bytes, but still required unchanged) and
 * the stack's record of it ({@code created: false} when the key existed before and is adopted), which keeps
 * the resource's labels and annotations; so a change of labels or annotations alone rewrites the records
 * and leaves the values, and their watchers, alone. For each key the
 * resource's records name that it no longer writes, and for every key of a pruned resource: the key is
 * removed only when the record says the stack created it; an adopted key stays and only its record goes.
 * Keys under a KeySet's prefix that the stack did not write are never touched; the result names them.
 * The transaction is checked against the observation the changes were planned from, found through the
 * changes themselves ({@link ObservedRuns}); that observation moves on to what the transactions wrote when
 * all of them committed, and is spent on any failure (transactions before the failed one stay written), so
 * the next apply observes again.
 */
final class KeyApplier {

    private final KeyLayout layout;
    private final EtcdConnection connection;
    private final RequestLimit limit;

    KeyApplier(KeyLayout layout, EtcdConnection connection, RequestLimit limit) {
        this.layout = layout;
        this.connection = connection;
        this.limit = limit;
    }

    List<ApplyResult> applyAll(List<Change> changes, ApplyContext context, ObservedRuns runs) {
        ObservedRuns.Run run = runs.of(changes, context.stack());
        Observation observed = run.observation(context.stack());
        StackTransaction transaction = new StackTransaction(layout, observed, limit);
        List<ApplyResult> results = new ArrayList<>();
        for (Change change : changes) {
            transaction.nextChange();
            results.add(change.action() == Action.DELETE ? remove(change, context, transaction)
                    : write(change, context, transaction));
        }
        try {
            run.committed(observed, transaction.commit(connection));
        } catch (StackTransaction.Stopped stopped) {
            run.failed(observed);
            throw new PartialApply(results.subList(0, stopped.changes()), stopped.failure());
        } catch (RuntimeException e) {
            run.failed(observed);
            throw e;
        }
        return results;
    }

    private ApplyResult write(Change change, ApplyContext context, StackTransaction transaction) {
        if (change.action() != Action.CREATE && change.action() != Action.UPDATE) {
            throw new IllegalArgumentException(change.action().word() + " of " + change.key().display()
                    + " writes nothing");
        }
        Resource desired = change.desired().orElseThrow(() -> new IllegalArgumentException(
                change.action().word() + " of " + change.key().display() + " carries no desired resource"));
        EtcdSpec spec;
        try {
            spec = EtcdSpec.of(desired);
        } catch (IllegalArgumentException e) {
            throw EtcdFailures.invalid(desired, e);
        }
        Observation observed = transaction.observed();
        String kind = desired.kind();
        RecordedMetadata metadata = RecordedMetadata.of(desired);
        Report report = new Report();
        for (Map.Entry<KeyPath, EtcdValue> wanted : spec.keys().entrySet()) {
            KeyPath key = wanted.getKey();
            EtcdValue value = wanted.getValue();
            observed.other(key).ifPresent(owner -> {
                throw new OwnedByAnotherStack("key " + layout.data(key) + " belongs to " + owner.kind() + " "
                        + owner.resource() + " of stack '" + owner.stack() + "'", "a key");
            });
            boolean existed = observed.has(key);
            Optional<KeyRecord> record = observed.own(key);
            boolean created = !existed || record.map(KeyRecord::created).orElse(false);
            if (existed && record.isEmpty()) {
                report.adopted.add(layout.data(key));
            }
            if (observed.digest(key).equals(Optional.of(value.sha256()))) {
                transaction.keepData(key);
                report.unchanged++;
            } else {
                transaction.putData(key, value);
                report.written.add(layout.data(key));
            }
            transaction.putRecord(KeyRecord.written(key, kind, desired.name(), spec.recordedPrefix(), value, metadata,
                    context, created));
        }
        for (KeyRecord old : observed.ownOf(kind, desired.name())) {
            if (!spec.keys().containsKey(old.key())) {
                release(old, transaction, report);
            }
        }
        if (spec instanceof KeySetSpec set) {
            observed.foreignUnder(set.prefix()).stream().filter(key -> !set.keys().containsKey(key))
                    .forEach(key -> report.foreign.add(layout.data(key)));
        }
        String text = report.describe(context.stack(), layout.data(new KeyPath(spec.recordedPrefix())));
        return change.action() == Action.CREATE ? ApplyResult.created(text) : ApplyResult.updated(text);
    }

    private ApplyResult remove(Change change, ApplyContext context, StackTransaction transaction) {
        List<KeyRecord> records = transaction.observed().ownOf(change.key().kind(), change.key().name());
        if (records.isEmpty()) {
            return ApplyResult.skipped("stack '" + context.stack() + "' holds no provenance record for "
                    + change.key().display() + " under " + layout.prefix() + "; nothing to remove");
        }
        Report report = new Report();
        records.forEach(record -> release(record, transaction, report));
        String text = report.describe(context.stack(), "");
        return report.removed.isEmpty() ? ApplyResult.skipped(text) : ApplyResult.deleted(text);
    }

    /** Lets go of a key the stack no longer writes: removes it if the stack created it, and its record. */
    private void release(KeyRecord record, StackTransaction transaction, Report report) {
        if (record.created()) {
            transaction.deleteData(record.key());
            report.removed.add(layout.data(record.key()));
        } else {
            report.released.add(layout.data(record.key()));
        }
        transaction.deleteRecord(record.key());
    }

    /** What one change did, as a sentence; it names keys, never values. */
    private static final class Report {
        final List<String> written = new ArrayList<>();
        final List<String> adopted = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        final List<String> released = new ArrayList<>();
        final List<String> foreign = new ArrayList<>();
        int unchanged;

        String describe(String stack, String prefix) {
            List<String> parts = new ArrayList<>();
            if (!written.isEmpty()) {
                parts.add("wrote " + String.join(", ", written));
            }
            if (unchanged > 0) {
                parts.add(unchanged + (unchanged == 1 ? " key already held" : " keys already held")
                        + " the desired value");
            }
            if (!adopted.isEmpty()) {
                parts.add(String.join(", ", adopted) + " existed before, so stack '" + stack + "' adopted "
                        + them(adopted) + " and prune will leave " + them(adopted));
            }
            if (!removed.isEmpty()) {
                parts.add("removed " + String.join(", ", removed));
            }
            if (!released.isEmpty()) {
                parts.add(String.join(", ", released) + (released.size() == 1 ? " was" : " were")
                        + " adopted, not created, by stack '" + stack + "', so " + them(released)
                        + (released.size() == 1 ? " stays" : " stay") + " in place; released " + them(released));
            }
            if (!foreign.isEmpty()) {
                parts.add("left " + String.join(", ", foreign) + " under " + prefix + " alone: stack '" + stack
                        + "' did not write " + them(foreign));
            }
            return parts.isEmpty() ? "nothing to write" : String.join("; ", parts);
        }

        private static String them(List<String> keys) {
            return keys.size() == 1 ? "it" : "them";
        }
    }
}
