package dev.plumbline.provider.etcd;

import dev.plumbline.problem.PlumblineException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All of one stack's writes for one apply, gathered key by key ({@link KeyGroup}) and then sent as as few
 * etcd transactions as the members' limits allow ({@link TransactionBatches}), one after the other, each
 * {@code If(mod_revision(k) == observed(k) for every key it writes, deletes or relies on)}
 * {@code Then(its puts and deletes, data and provenance records alike)}. A stack that fits in one transaction
 * is written all or nothing; a larger one is atomic per transaction, and per resource when the resource fits
 * in one. When a comparison fails, that transaction writes nothing, and {@link #commit} stops there and throws
 * a {@link dev.plumbline.provider.TransactionalProvider#CONFLICT} failure naming a key that changed, read in
 * the same transaction's else branch, and saying what the transactions before it wrote (they stay). A key
 * that was not read by the observation this builds on cannot be checked, and is refused the same way.
 */
final class StackTransaction {

    private final KeyLayout layout;
    private final Observation observed;
    private final RequestLimit limit;
    private final Map<KeyPath, KeyGroup.Builder> groups = new LinkedHashMap<>();
    private int change = -1;
    private int writes;

    StackTransaction(KeyLayout layout, Observation observed, RequestLimit limit) {
        this.layout = layout;
        this.observed = observed;
        this.limit = limit;
    }

    Observation observed() {
        return observed;
    }

    /** What follows belongs to the next change: its keys are kept in one transaction when they fit. */
    void nextChange() {
        change++;
    }

    void putData(KeyPath key, EtcdValue value) {
        write(new KeyWrite.PutData(key, value));
    }

    /** Writes nothing to {@code key} but requires it unchanged (a value adopted as it is, say). */
    void keepData(KeyPath key) {
        expect(group(key), layout.data(key));
    }

    void deleteData(KeyPath key) {
        write(new KeyWrite.DeleteData(key));
    }

    void putRecord(KeyRecord record) {
        write(new KeyWrite.PutRecord(record));
    }

    void deleteRecord(KeyPath key) {
        write(new KeyWrite.DeleteRecord(key));
    }

    /**
     * Sends the transactions (when there is anything to write), in order, and returns the observation as
     * they left things.
     *
     * @throws dev.plumbline.problem.StalledException with reason {@code TransactionTooLarge}, before anything
     *     is sent, when one key with its record is larger than one etcd request may be
     * @throws dev.plumbline.problem.TransientException with reason
     *     {@link dev.plumbline.provider.TransactionalProvider#CONFLICT} when a key changed since it was observed:
     *     the transaction holding it wrote nothing, those before it stay written, none after it was sent
     */
    Observation commit(EtcdConnection connection) {
        if (writes == 0) {
            return observed;
        }
        List<KeyGroup> built = new ArrayList<>(groups.size());
        for (KeyGroup.Builder builder : groups.values()) {
            KeyGroup group = builder.build();
            if (!TransactionBatches.fitsAlone(group, limit)) {
                KeyGroup.Write largest = group.largest();
                throw EtcdFailures.tooLarge(doing(group.puts()), TransactionBatches.alone(group), largest.target(),
                        largest.bytes(), limit);
            }
            built.add(group);
        }
        List<TransactionBatches.Batch> batches = TransactionBatches.of(built, limit);
        List<Observation.Committed> committed = new ArrayList<>(batches.size());
        int keys = 0;
        for (int i = 0; i < batches.size(); i++) {
            TransactionBatches.Batch batch = batches.get(i);
            String doing = doing(batch.puts()) + (batches.size() == 1 ? "" : ", transaction " + (i + 1) + " of "
                    + batches.size() + (i == 0 ? "" : " (the " + i + " before it are written)"));
            TxnResponse response;
            try {
                response = send(connection, batch, doing);
            } catch (PlumblineException e) {
                throw stopped(batches, i, e);
            }
            if (!response.isSucceeded()) {
                throw stopped(batches, i, EtcdFailures.conflict(changed(batch, response),
                        progress(i, batches.size(), keys)));
            }
            List<KeyWrite> done = new ArrayList<>(batch.puts());
            batch.groups().forEach(group -> group.writes().forEach(write -> done.add(write.write())));
            committed.add(new Observation.Committed(done, response.getHeader().getRevision()));
            keys += batch.groups().size();
        }
        return observed.after(committed, layout);
    }

    /**
     * The transactions stopped at the {@code index}th: every key of the changes before the first change with a
     * key in it or after it is written (those changes are done); the failure alone when there are none.
     */
    private static PlumblineException stopped(List<TransactionBatches.Batch> batches, int index,
                                              PlumblineException failure) {
        int done = Integer.MAX_VALUE;
        for (TransactionBatches.Batch later : batches.subList(index, batches.size())) {
            for (KeyGroup group : later.groups()) {
                done = Math.min(done, group.change());
            }
        }
        return done == 0 || done == Integer.MAX_VALUE ? failure : new Stopped(done, failure);
    }

    /**
     * The failure of a transaction after others were written: the first {@link #changes} changes have every
     * key written; {@link #getCause()} says why the rest were not.
     */
    static final class Stopped extends PlumblineException {

        private final int changes;

        Stopped(int changes, PlumblineException failure) {
            super(failure.reason(), failure.getMessage(), failure);
            this.changes = changes;
        }

        int changes() {
            return changes;
        }

        PlumblineException failure() {
            return (PlumblineException) getCause();
        }
    }

    private TxnResponse send(EtcdConnection connection, TransactionBatches.Batch batch, String doing) {
        List<Cmp> compares = new ArrayList<>(batch.compares());
        List<EtcdConnection.Read> checks = new ArrayList<>(batch.compares());
        List<Op> ops = new ArrayList<>(batch.puts());
        for (KeyGroup group : batch.groups()) {
            group.checks().forEach((key, revision) -> {
                compares.add(new Cmp(EtcdConnection.bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(revision)));
                checks.add(new EtcdConnection.Read(key, false));
            });
            group.writes().forEach(write -> ops.add(op(write.target(), write.value())));
        }
        return connection.transact(compares, ops, checks, doing);
    }

    private String doing(int puts) {
        return "writing " + puts + " key" + (puts == 1 ? "" : "s") + " for stack '" + observed.stack() + "'";
    }

    /** What the transactions before the {@code index}th ({@code keys} keys) did, when there were several. */
    private static Optional<String> progress(int index, int count, int keys) {
        if (count == 1) {
            return Optional.empty();
        }
        String stopped = "transaction " + (index + 1) + " of " + count + " wrote nothing and the apply stopped there";
        return Optional.of(index == 0 ? stopped : stopped + "; the " + index + " before it stay written (" + keys
                + " key" + (keys == 1 ? "" : "s") + " with their provenance records)");
    }

    private KeyGroup.Builder group(KeyPath key) {
        return groups.computeIfAbsent(key, path -> new KeyGroup.Builder(path, Math.max(change, 0)));
    }

    private void write(KeyWrite write) {
        String target = write.target(layout, observed.stack());
        KeyGroup.Builder group = group(write.key());
        expect(group, target);
        group.write(target, write);
        writes++;
    }

    private void expect(KeyGroup.Builder group, String etcdKey) {
        if (!group.checks(etcdKey)) {
            group.check(etcdKey, observed.revision(etcdKey).orElseThrow(() -> EtcdFailures.notObserved(etcdKey)));
        }
    }

    /** A key whose revision is not the one observed, data keys first: what the failed comparison was about. */
    private String changed(TransactionBatches.Batch batch, TxnResponse response) {
        List<Map.Entry<String, Long>> checked = new ArrayList<>(batch.compares());
        batch.groups().forEach(group -> checked.addAll(group.checks().entrySet()));
        List<String> moved = new ArrayList<>();
        for (int i = 0; i < checked.size() && i < response.getGetResponses().size(); i++) {
            long now = response.getGetResponses().get(i).getKvs().stream().findFirst()
                    .map(KeyValue::getModRevision).orElse(0L);
            if (now != checked.get(i).getValue()) {
                moved.add(checked.get(i).getKey());
            }
        }
        return moved.stream().filter(key -> layout.relative(key).isPresent()).findFirst()
                .or(() -> moved.stream().findFirst()).orElse(checked.get(0).getKey());
    }

    /** A put of {@code value} at {@code etcdKey}, or a delete of it when {@code value} is null. */
    private static Op op(String etcdKey, byte[] value) {
        if (value == null) {
            return Op.delete(EtcdConnection.bytes(etcdKey), DeleteOption.DEFAULT);
        }
        return Op.put(EtcdConnection.bytes(etcdKey), ByteSequence.from(value), PutOption.DEFAULT);
    }
}
