package dev.plumbline.provider.etcd;

import java.util.Objects;

/**
 * One write of a stack's transaction, to data or to the provenance area. A later write to the same etcd key
 * replaces an earlier one, except that a delete never replaces a put: when one resource leaves a key and
 * another takes it in the same transaction, the key stays, with the new owner's record.
 */
sealed interface KeyWrite {

    /** The key written, relative to the provider prefix (for a record: the key the record is of). */
    KeyPath key();

    /** The etcd key this write changes. */
    String target(KeyLayout layout, String stack);

    boolean isDelete();

    /** Puts {@code value} at the data key. */
    record PutData(KeyPath key, EtcdValue value) implements KeyWrite {
        public PutData {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String target(KeyLayout layout, String stack) {
            return layout.data(key);
        }

        @Override
        public boolean isDelete() {
            return false;
        }
    }

    /** Deletes the data key. */
    record DeleteData(KeyPath key) implements KeyWrite {
        @Override
        public String target(KeyLayout layout, String stack) {
            return layout.data(key);
        }

        @Override
        public boolean isDelete() {
            return true;
        }
    }

    /** Writes the stack's record of a key. */
    record PutRecord(KeyRecord record) implements KeyWrite {
        @Override
        public KeyPath key() {
            return record.key();
        }

        @Override
        public String target(KeyLayout layout, String stack) {
            return layout.record(stack, record.key());
        }

        @Override
        public boolean isDelete() {
            return false;
        }
    }

    /** Deletes the stack's record of a key. */
    record DeleteRecord(KeyPath key) implements KeyWrite {
        @Override
        public String target(KeyLayout layout, String stack) {
            return layout.record(stack, key);
        }

        @Override
        public boolean isDelete() {
            return true;
        }
    }
}
