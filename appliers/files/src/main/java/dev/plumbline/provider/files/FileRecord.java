package dev.plumbline.provider.files;

import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.util.Objects;

/**
 * What a stack knows about one file it manages, kept in a small YAML file of its own (see
 * {@link RecordLayout} for where, {@link RecordYaml} for the text): the file at {@code path} belongs to the
 * resource {@code resource}, and {@code owner} says which stack owns it, from which revision and when, the
 * SHA-256 of the content written (none for a secret), whether the stack created the file (false: it existed
 * before and was adopted, so prune leaves it), whether the content came from a secret (it is then read back
 * as a secret, so that no plan shows it) and the File's labels and annotations, which a file cannot carry
 * itself ({@link RecordedMetadata}). {@code pending} marks an intent recorded before a write whose outcome
 * is not yet known; it already counts as ownership.
 */
record FileRecord(RelativePath path, String resource, OwnershipRecord owner, boolean pending) {

    FileRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(owner, "owner");
        if (owner.sha256().isEmpty() && !owner.sensitive()) {
            throw new IllegalArgumentException("the record of " + path + " needs the SHA-256 of its content");
        }
    }

    /**
     * The intent recorded before writing {@code spec} for {@code resource} in {@code context}, keeping the
     * resource's labels and annotations ({@code metadata}).
     */
    static FileRecord intent(FileSpec spec, RecordedMetadata metadata, String resource, ApplyContext context,
                             boolean created) {
        return new FileRecord(spec.path(), resource, OwnershipRecord.written(context, spec.sha256(), created,
                spec.sensitive()).withMetadata(metadata.isEmpty() ? RecordedMetadata.NONE : metadata), true);
    }

    /** The same record once the write is done. */
    FileRecord applied() {
        return new FileRecord(path, resource, owner, false);
    }

    /** The stack whose ledger holds the record. */
    String stack() {
        return owner.stack();
    }

    /** Whether the stack created the file (false: adopted). */
    boolean created() {
        return owner.created();
    }
}
