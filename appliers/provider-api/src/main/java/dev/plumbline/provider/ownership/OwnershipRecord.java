package dev.plumbline.provider.ownership;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.ApplyContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who owns one object on a target, as a provider records it beside the object: the {@code stack} that last
 * applied it, from which {@code revision} and when ({@code appliedAt}), the SHA-256 (hex) of what was written
 * where the provider keeps one (never the value itself, and nothing at all for a secret: a plain hash of a
 * short secret gives it away), whether the stack {@code created} the object (false: it existed before and
 * was adopted, so prune leaves it in place), whether what was written came from a secret ({@code sensitive}:
 * read back as a secret, so that no plan shows it), and the labels and annotations the target cannot carry
 * itself ({@link RecordedMetadata}).
 *
 * <p>Every provider keeps this in its target's own format: the files provider as a YAML record per file, the
 * postgres provider as a comment line and a ledger row, the etcd provider as JSON under an owners prefix. The
 * questions asked of it are the same everywhere: is this mine ({@link #ownedBy}), which other stack owns it
 * ({@link #ownerOtherThan}), and what the live object looks like with it ({@link #live}).
 */
public record OwnershipRecord(String stack, String revision, Instant appliedAt, Optional<String> sha256,
                              boolean created, boolean sensitive, RecordedMetadata metadata) {

    public OwnershipRecord {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(appliedAt, "appliedAt");
        sha256 = sha256 == null ? Optional.empty() : sha256;
        metadata = metadata == null ? RecordedMetadata.NONE : metadata;
    }

    /** A record without labels or annotations. */
    public OwnershipRecord(String stack, String revision, Instant appliedAt, Optional<String> sha256,
                           boolean created, boolean sensitive) {
        this(stack, revision, appliedAt, sha256, created, sensitive, RecordedMetadata.NONE);
    }

    /**
     * What writing content hashing to {@code sha256} for {@code context} records: the hash only when the
     * content is not {@code sensitive}.
     */
    public static OwnershipRecord written(ApplyContext context, String sha256, boolean created, boolean sensitive) {
        Objects.requireNonNull(sha256, "sha256");
        return new OwnershipRecord(context.stack(), context.revision(), context.now(),
                sensitive ? Optional.empty() : Optional.of(sha256), created, sensitive);
    }

    /** A record read back from a target that keeps a hash of what was written (none for a secret). */
    public static OwnershipRecord read(String stack, String revision, Instant appliedAt, Optional<String> sha256,
                                       boolean created, boolean sensitive) {
        return new OwnershipRecord(stack, revision, appliedAt, sha256, created, sensitive);
    }

    /** This record keeping {@code metadata} as the labels and annotations of the object. */
    public OwnershipRecord withMetadata(RecordedMetadata metadata) {
        return new OwnershipRecord(stack, revision, appliedAt, sha256, created, sensitive, metadata);
    }

    /** A record of a target that keeps no hash (a comment, a ledger row): provenance and how the stack got it. */
    public static OwnershipRecord stamped(Provenance provenance, boolean created) {
        return new OwnershipRecord(provenance.stack(), provenance.revision(), provenance.appliedAt(),
                Optional.empty(), created, false);
    }

    public Provenance provenance() {
        return new Provenance(stack, revision, appliedAt);
    }

    /** Whether the object existed before its stack took it over; prune leaves such an object in place. */
    public boolean adopted() {
        return !created;
    }

    /** Whether {@code stack} owns the object: is this mine? */
    public boolean ownedBy(String stack) {
        return this.stack.equals(stack);
    }

    /** The stack that owns the object, when it is another than {@code stack}. */
    public Optional<String> ownerOtherThan(String stack) {
        return ownedBy(stack) ? Optional.empty() : Optional.of(this.stack);
    }

    /**
     * The live object of {@code key} in {@code state}, carrying this provenance, whether it was adopted, and
     * the recorded labels and annotations as its {@code metadata} (when there are any).
     */
    public LiveObject live(ResourceKey key, Map<String, Object> state) {
        if (metadata.isEmpty()) {
            return LiveObject.managed(key, state, provenance(), adopted());
        }
        Map<String, Object> withMetadata = new LinkedHashMap<>();
        withMetadata.put("metadata", metadata.state());
        state.forEach((field, value) -> {
            if (!field.equals("metadata")) {
                withMetadata.put(field, value);
            }
        });
        return LiveObject.managed(key, withMetadata, provenance(), adopted());
    }
}
