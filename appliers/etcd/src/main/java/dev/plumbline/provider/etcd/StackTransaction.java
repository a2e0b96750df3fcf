package dev.plumbline.provider.etcd;

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
    private final Map<String, KeyWrite> writes = new LinkedHashMap<>();
    private final Map<String, Long> expected = new LinkedHashMap<>();

    StackTransaction(KeyLayout layout, Observation observed) {
        this.layout = layout;
        this.observed = observed;
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
     */
    Observation commit(EtcdConnection connection) {
        if (writes.isEmpty()) {
            return observed;
        }
        List<Cmp> compares = new ArrayList<>();
        List<EtcdConnection.Read> checks = new ArrayList<>();
        expected.forEach((key, revision) -> {
            compares.add(new Cmp(EtcdConnection.bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(revision)));
            checks.add(new EtcdConnection.Read(key, false));
        });
        List<Op> ops = new ArrayList<>();
        writes.forEach((key, write) -> ops.add(op(key, write)));
        String doing = "writing " + writes.size() + " key" + (writes.size() == 1 ? "" : "s") + " for stack '"
                + observed.stack() + "'";
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

    private Op op(String etcdKey, KeyWrite write) {
        if (write.isDelete()) {
            return Op.delete(EtcdConnection.bytes(etcdKey), DeleteOption.DEFAULT);
        }
        String value = write instanceof KeyWrite.PutData put ? put.value().text()
                : KeyRecordJson.write(((KeyWrite.PutRecord) write).record());
        return Op.put(EtcdConnection.bytes(etcdKey), EtcdConnection.bytes(value), PutOption.DEFAULT);
    }
}
