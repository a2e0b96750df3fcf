package dev.plumbline.provider.etcd;

import dev.plumbline.model.Provenance;
import java.time.Instant;
import java.util.Objects;

/**
 * The provenance of one key a stack wrote, kept in etcd beside the data (see {@link KeyLayout} for where,
 * {@link OwnerRecordJson} for the text): the key {@code key} belongs to the resource {@code kind}
 * {@code resource} of {@code stack} (a KeySet's records also name its {@code prefix}), was last written
 * from {@code revision} at {@code appliedAt} with a value hashing to {@code sha256}, and was {@code created}
 * by the stack (false: it existed before and was adopted, so prune leaves it). {@code sensitive} marks a
 * value written from a secret: it is read back as a secret, so that no plan shows it.
 */
record OwnerRecord(KeyPath key, String stack, String kind, String resource, String prefix, String revision,
                   Instant appliedAt, String sha256, boolean created, boolean sensitive) {

    OwnerRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Whether this record is of the resource {@code kind}/{@code name}. */
    boolean isOf(String kind, String name) {
        return this.kind.equals(kind) && resource.equals(name);
    }

    Provenance provenance() {
        return new Provenance(stack, revision, appliedAt);
    }
}
