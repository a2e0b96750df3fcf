package dev.plumbline.provider.etcd;

import dev.plumbline.model.Provenance;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.OwnershipRecord;
import java.util.Objects;

/**
 * The provenance of one key a stack wrote, kept in etcd beside the data (see {@link KeyLayout} for where,
 * {@link KeyRecordJson} for the text): the key {@code key} belongs to the resource {@code kind}
 * {@code resource} (a KeySet's records also name its {@code prefix}), and {@code owner} says which stack owns
 * it, from which revision and when, the SHA-256 of the value written (never the value), whether the stack
 * created the key (false: it existed before and was adopted, so prune leaves it) and whether the value came
 * from a secret (it is then read back as a secret, so that no plan shows it).
 */
record KeyRecord(KeyPath key, String kind, String resource, String prefix, OwnershipRecord owner) {

    KeyRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(owner, "owner");
        if (owner.sha256().isEmpty() && !owner.sensitive()) {
            throw new IllegalArgumentException("the record of " + key + " needs the SHA-256 of its value");
        }
    }

    /** What writing {@code value} at {@code key} for the resource {@code kind}/{@code resource} records. */
    static KeyRecord written(KeyPath key, String kind, String resource, String prefix, EtcdValue value,
                             ApplyContext context, boolean created) {
        return new KeyRecord(key, kind, resource, prefix,
                OwnershipRecord.written(context, value.sha256(), created, value.sensitive()));
    }

    /** Whether this record is of the resource {@code kind}/{@code name}. */
    boolean isOf(String kind, String name) {
        return this.kind.equals(kind) && resource.equals(name);
    }

    /** The stack whose area holds the record. */
    String stack() {
        return owner.stack();
    }

    /** Whether the stack created the key (false: adopted). */
    boolean created() {
        return owner.created();
    }

    Provenance provenance() {
        return owner.provenance();
    }
}
