package dev.plumbline.provider.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one apply does to one key, which always goes to etcd in one transaction: its value written,
 * kept or removed, its provenance record written or removed, and the mod revisions (observed at plan time,
 * 0 for absent) of both that the transaction compares first. So a key is never written without its record,
 * nor over a change made since it was observed, however a stack's changes are cut into transactions
 * ({@link TransactionBatches}). {@code change} is the position of the first change that touched it, which
 * keeps the keys of one resource together.
 */
record KeyGroup(KeyPath key, int change, List<Write> writes, Map<String, Long> checks, long bytes) {

    /** One write: the etcd key, what is written, and its bytes (null for a delete). */
    record Write(String target, KeyWrite write, byte[] value) {
        Write {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(write, "write");
        }

        /** What the write takes in a request. */
        long bytes() {
            return value == null ? RequestLimit.delete(target) : RequestLimit.put(target, value.length);
        }
    }

    KeyGroup {
        Objects.requireNonNull(key, "key");
        writes = List.copyOf(writes);
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** The comparisons (and reads, should one fail) this key adds to a transaction. */
    int compares() {
        return checks.size();
    }

    /** The writes this key adds to a transaction. */
    int puts() {
        return writes.size();
    }

    /** The write with the most bytes, for a message about a transaction too large. */
    Write largest() {
        return writes.stream().max(Comparator.comparingLong(Write::bytes)).orElseThrow();
    }

    /** Gathers one key's writes and checks as a stack's changes are turned into writes. */
    static final class Builder {
        private final KeyPath key;
        private final int change;
        private final Map<String, KeyWrite> writes = new LinkedHashMap<>(4);
        private final Map<String, Long> checks = new LinkedHashMap<>(4);

        Builder(KeyPath key, int change) {
            this.key = key;
            this.change = change;
        }

        /**
         * Adds {@code write} at {@code target}. A later write to the same etcd key replaces an earlier one,
         * except that a delete never replaces a put: when one resource leaves a key and another takes it in
         * the same apply, the key stays, with the new owner's record.
         */
        void write(String target, KeyWrite write) {
            KeyWrite earlier = writes.get(target);
            if (earlier == null || earlier.isDelete() || !write.isDelete()) {
                writes.put(target, write);
            }
        }

        /** Requires {@code etcdKey} to still have {@code revision}, unless that is required already. */
        void check(String etcdKey, long revision) {
            checks.putIfAbsent(etcdKey, revision);
        }

        boolean checks(String etcdKey) {
            return checks.containsKey(etcdKey);
        }

        /** The group, with every value encoded and its size counted. */
        KeyGroup build() {
            List<Write> encoded = new ArrayList<>(writes.size());
            long bytes = 0;
            for (Map.Entry<String, KeyWrite> write : writes.entrySet()) {
                Write one = new Write(write.getKey(), write.getValue(), value(write.getValue()));
                encoded.add(one);
                bytes += one.bytes();
            }
            for (String checked : checks.keySet()) {
                bytes += RequestLimit.check(checked);
            }
            return new KeyGroup(key, change, encoded, checks, bytes);
        }

        /** What {@code write} puts: the value's bytes, or the record's text in UTF-8; null for a delete. */
        private static byte[] value(KeyWrite write) {
            if (write.isDelete()) {
                return null;
            }
            return write instanceof KeyWrite.PutData put ? put.value().bytes()
                    : KeyRecordJson.write(((KeyWrite.PutRecord) write).record()).getBytes(StandardCharsets.UTF_8);
        }
    }
}
