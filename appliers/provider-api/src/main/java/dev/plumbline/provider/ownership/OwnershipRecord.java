package dev.plumbline.provider.ownership;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.ApplyContext;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who owns one object on a target, as a provider records it beside the object: the {@code stack} that last
 * applied it, from which {@code revision} and when ({@code appliedAt}), the SHA-256 (hex) of what was written
 * where the provider keeps one (never the value itself), whether the stack {@code created} the object
 * (false: it existed before and was adopted, so prune leaves it in place), and whether what was written
 * came from a secret ({@code sensitive}: read back as a secret, so that no plan shows it).
 *
 * <p>Every provider keeps this in its target's own format: the files provider as a YAML record per file, the
 * postgres provider as a comment line and a ledger row, the etcd provider as JSON under an owners prefix. The
 * questions asked of it are the same everywhere: is this mine ({@link #ownedBy}), which other stack owns it
 * ({@link #ownerOtherThan}), and what the live object looks like with it ({@link #live}).
 */
public record OwnershipRecord(String stack, String revision, Instant appliedAt, Optional<String> sha256,
                              boolean created, boolean sensitive) {

    public OwnershipRecord {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(appliedAt, "appliedAt");
        sha256 = sha256 == null ? Optional.empty() : sha256;
    }

    /** What writing content hashing to {@code sha256} for {@code context} records. */
    public static OwnershipRecord written(ApplyContext context, String sha256, boolean created, boolean sensitive) {
        return new OwnershipRecord(context.stack(), context.revision(), context.now(),
                Optional.of(Objects.requireNonNull(sha256, "sha256")), created, sensitive);
    }

    /** A record read back from a target that keeps a hash of what was written. */
    public static OwnershipRecord read(String stack, String revision, Instant appliedAt, String sha256,
                                       boolean created, boolean sensitive) {
        return new OwnershipRecord(stack, revision, appliedAt, Optional.of(Objects.requireNonNull(sha256, "sha256")),
                created, sensitive);
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

    /** The live object of {@code key} in {@code state}, carrying this provenance and whether it was adopted. */
    public LiveObject live(ResourceKey key, Map<String, Object> state) {
        return LiveObject.managed(key, state, provenance(), adopted());
    }
}
