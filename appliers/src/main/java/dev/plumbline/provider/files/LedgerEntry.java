package dev.plumbline.provider.files;

import dev.plumbline.model.Provenance;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a stack's ledger: the file at {@code path} belongs to the stack's resource {@code resource},
 * was last written from {@code revision} at {@code appliedAt} with content hashing to {@code sha256}, and
 * was {@code created} by the stack (false: it existed before and was adopted, so prune leaves it).
 * {@code pending} marks an intent recorded before a write whose outcome is not yet known; it already
 * counts as ownership.
 */
record LedgerEntry(RelativePath path, String resource, String revision, Instant appliedAt, String sha256,
                   boolean created, boolean pending) {

    LedgerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The intent recorded before writing {@code spec} for {@code resource}. */
    static LedgerEntry intent(FileSpec spec, String resource, String revision, Instant now, boolean created) {
        return new LedgerEntry(spec.path(), resource, revision, now, spec.sha256(), created, true);
    }

    /** The same entry once the write is done. */
    LedgerEntry applied() {
        return new LedgerEntry(path, resource, revision, appliedAt, sha256, created, false);
    }

    Provenance provenance(String stack) {
        return new Provenance(stack, revision, appliedAt);
    }
}
