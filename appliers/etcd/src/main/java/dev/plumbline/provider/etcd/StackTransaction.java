package dev.plumbline.provider.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All of one stack's writes for one apply, gathered and then sent as one etcd transaction:
 * {@code If(mod_revision(k) == observed(k) for every key written, deleted or relied on)}
 * {@code Then(every put and delete, data and provenance records alike)}. When a comparison fails nothing is
 * written and {@link #commit} throws a {@link dev.plumbline.provider.TransactionalProvider#CONFLICT}
 * failure naming a key that changed, read in the same transaction's else branch. A key that was not read
 * by the observation this transaction builds on cannot be checked, and is refused the same way.
 */
final class StackTransaction {

    private final KeyLayout layout;
    private final Observation observed;
    private final RequestLimit limit;
    private final Map<String, KeyWrite> writes = new LinkedHashMap<>();
    private final Map<String, Long> expected = new LinkedHashMap<>();

    StackTransaction(KeyLayout layout, Observation observed, RequestLimit limit) {
        this.layout = layout;
        this.observed = observed;
        this.limit = limit;
    }

    Observation observed() {
        return observed;
    }

    void putData(KeyPath key, EtcdValue value) {
        write(new KeyWrite.PutData(key, value));
    }

    /** Writes nothing to {@code key} but requires it unchanged (a value adopted as it is, say). */
    void keepData(KeyPath key) {
        expect(layout.data(key));
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
     * Sends the transaction (when there is anything to write) and returns the observation as it left
     * things.
     *
     * @throws dev.plumbline.problem.StalledException with reason {@code TransactionTooLarge}, before anything
     *     is sent, when it is larger than one etcd request may be
     */
    Observation commit(EtcdConnection connection) {
        if (writes.isEmpty()) {
            return observed;
        }
        String doing = "writing " + writes.size() + " key" + (writes.size() == 1 ? "" : "s") + " for stack '"
                + observed.stack() + "'";
        long size = RequestLimit.transaction();
        List<Cmp> compares = new ArrayList<>();
        List<EtcdConnection.Read> checks = new ArrayList<>();
        for (Map.Entry<String, Long> check : expected.entrySet()) {
            String key = check.getKey();
            compares.add(new Cmp(EtcdConnection.bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(check.getValue())));
            checks.add(new EtcdConnection.Read(key, false));
            size += RequestLimit.check(key);
        }
        List<Op> ops = new ArrayList<>();
        String largest = "";
        long largestSize = -1;
        for (Map.Entry<String, KeyWrite> write : writes.entrySet()) {
            String key = write.getKey();
            byte[] value = value(write.getValue());
            ops.add(op(key, value));
            long bytes = value == null ? RequestLimit.delete(key) : RequestLimit.put(key, value.length);
            size += bytes;
            if (bytes > largestSize) {
                largest = key;
                largestSize = bytes;
            }
        }
        if (size > limit.budget()) {
            throw EtcdFailures.tooLarge(doing, size, largest, largestSize, limit);
        }
        TxnResponse response = connection.transact(compares, ops, checks, doing);
        if (!response.isSucceeded()) {
            throw EtcdFailures.conflict(changed(response));
        }
        return observed.after(List.copyOf(writes.values()), layout, response.getHeader().getRevision());
    }

    private void write(KeyWrite write) {
        String target = write.target(layout, observed.stack());
        expect(target);
        KeyWrite earlier = writes.get(target);
        if (earlier == null || earlier.isDelete() || !write.isDelete()) {
            writes.put(target, write);
        }
    }

    private void expect(String etcdKey) {
        if (!expected.containsKey(etcdKey)) {
            expected.put(etcdKey, observed.revision(etcdKey).orElseThrow(() -> EtcdFailures.notObserved(etcdKey)));
        }
    }

    /** A key whose revision is not the one observed, data keys first: what the failed comparison was about. */
    private String changed(TxnResponse response) {
        List<String> keys = new ArrayList<>(expected.keySet());
        List<String> moved = new ArrayList<>();
        for (int i = 0; i < keys.size() && i < response.getGetResponses().size(); i++) {
            long now = response.getGetResponses().get(i).getKvs().stream().findFirst()
                    .map(KeyValue::getModRevision).orElse(0L);
            if (now != expected.get(keys.get(i))) {
                moved.add(keys.get(i));
            }
        }
        return moved.stream().filter(key -> layout.relative(key).isPresent()).findFirst()
                .or(() -> moved.stream().findFirst()).orElse(keys.get(0));
    }

    /** What {@code write} puts: the value's bytes, or the record's text in UTF-8; null for a delete. */
    private static byte[] value(KeyWrite write) {
        if (write.isDelete()) {
            return null;
        }
        return write instanceof KeyWrite.PutData put ? put.value().bytes()
                : KeyRecordJson.write(((KeyWrite.PutRecord) write).record()).getBytes(StandardCharsets.UTF_8);
    }

    /** A put of {@code value} at {@code etcdKey}, or a delete of it when {@code value} is null. */
    private static Op op(String etcdKey, byte[] value) {
        if (value == null) {
            return Op.delete(EtcdConnection.bytes(etcdKey), DeleteOption.DEFAULT);
        }
        return Op.put(EtcdConnection.bytes(etcdKey), ByteSequence.from(value), PutOption.DEFAULT);
    }
}
