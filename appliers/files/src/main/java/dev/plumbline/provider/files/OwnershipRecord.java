package dev.plumbline.provider.files;

import dev.plumbline.model.Provenance;
import java.time.Instant;
import java.util.Objects;

/**
 * What a stack knows about one file it manages, kept in a small YAML file of its own (see
 * {@link RecordLayout} for where, {@link RecordYaml} for the text): the file at {@code path} belongs to the
 * resource {@code resource} of {@code stack}, was last written from {@code revision} at {@code appliedAt}
 * with content hashing to {@code sha256}, and was {@code created} by the stack (false: it existed before and
 * was adopted, so prune leaves it). {@code pending} marks an intent recorded before a write whose outcome is
 * not yet known; it already counts as ownership. {@code sensitive} marks content written from a secret: it
 * is then read back as a secret, so that no plan shows it.
 */
record OwnershipRecord(RelativePath path, String stack, String resource, String revision, Instant appliedAt,
                       String sha256, boolean created, boolean pending, boolean sensitive) {

    OwnershipRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The intent recorded before writing {@code spec} for {@code resource} of {@code stack}. */
    static OwnershipRecord intent(FileSpec spec, String stack, String resource, String revision, Instant now,
                                  boolean created) {
        return new OwnershipRecord(spec.path(), stack, resource, revision, now, spec.sha256(), created, true,
                spec.sensitive());
    }

    /** The same record once the write is done. */
    OwnershipRecord applied() {
        return new OwnershipRecord(path, stack, resource, revision, appliedAt, sha256, created, false, sensitive);
    }

    Provenance provenance() {
        return new Provenance(stack, revision, appliedAt);
    }
}
