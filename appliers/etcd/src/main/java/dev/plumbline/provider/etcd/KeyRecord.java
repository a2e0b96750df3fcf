package dev.plumbline.provider.etcd;

import dev.plumbline.model.Provenance;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provenance of one key a stack wrote, kept in etcd beside the data (see {@link KeyLayout} for where,
 * {@link KeyRecordJson} for the text): the key {@code key} belongs to the resource {@code kind}
 * {@code resource} (a KeySet's records also name its {@code prefix}), and {@code owner} says which stack owns
 * it, from which revision and when, the SHA-256 of the value written (never the value; nothing for a value
 * from a secret), whether the stack created the key (false: it existed before and was adopted, so prune
 * leaves it), whether the value came from a secret (it is then read back as a secret, so that no plan shows
 * it), and the resource's labels and annotations, which an etcd key cannot carry (every key of a KeySet
 * keeps the KeySet's in its own record).
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

    /**
     * What writing {@code value} at {@code key} for the resource {@code kind}/{@code resource}, whose labels
     * and annotations are {@code metadata}, records.
     */
    static KeyRecord written(KeyPath key, String kind, String resource, String prefix, EtcdValue value,
                             RecordedMetadata metadata, ApplyContext context, boolean created) {
        return new KeyRecord(key, kind, resource, prefix,
                OwnershipRecord.written(context, value.sha256(), created, value.sensitive()).withMetadata(metadata));
    }

    /**
     * One record for the records of one resource (a KeySet has one per key): the newest one's provenance and
     * labels and annotations, created if any of them was, sensitive if any of them is.
     */
    static OwnershipRecord combined(List<KeyRecord> records) {
        if (records.size() == 1) {
            return records.get(0).owner();
        }
        OwnershipRecord newest = records.stream().map(KeyRecord::owner)
                .max(Comparator.comparing(OwnershipRecord::appliedAt)).orElseThrow();
        return new OwnershipRecord(newest.stack(), newest.revision(), newest.appliedAt(), Optional.empty(),
                records.stream().anyMatch(KeyRecord::created),
                records.stream().anyMatch(record -> record.owner().sensitive()), newest.metadata());
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

    /** The labels and annotations of the resource, as the record keeps them. */
    RecordedMetadata metadata() {
        return owner.metadata();
    }

    Provenance provenance() {
        return owner.provenance();
    }
}
