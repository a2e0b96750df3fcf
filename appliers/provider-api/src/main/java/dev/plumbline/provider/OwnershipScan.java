package dev.plumbline.provider;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.ownership.OwnershipRecord;
import java.util.List;
import java.util.Objects;

/**
 * A provider that can say, from its target alone, what each stack owns there: it reads back the
 * {@link OwnershipRecord}s it keeps beside the objects it writes. This is how a lost inventory is rebuilt
 * ({@code plumbline state rebuild-inventory}).
 *
 * <p>Contract, checked by the provider compatibility kit: both calls only read (nothing is written, moved or
 * removed on the target, not even a temporary file a crash left behind); {@link #owned} lists one entry per
 * key, sorted, keyed exactly as the planner keys the object when it is rendered from its manifest with this
 * provider (this provider's name, the API group, the kind, no namespace, {@code metadata.name}), so that an
 * inventory made of those keys plans as all no-ops for the manifests that made the objects. A record whose
 * object is gone (a crash between the two) is listed too: the plan forgets such a key. An object whose own
 * stamp names another stack than a separate record does (where a provider keeps both) is left out, as
 * observe reports it as the other stack's. A target that cannot be read now is a
 * {@link dev.plumbline.problem.TransientException}, as in {@link Provider#observe}.
 */
public interface OwnershipScan {

    /** An object a stack owns: its key as the planner keys it, and the record the target keeps of it. */
    record Owned(ResourceKey key, OwnershipRecord record) {

        public Owned {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(record, "record");
        }
    }

    /** The stacks the target holds ownership records of, sorted; whether they are in the config or not. */
    List<String> stacks();

    /** Everything the target records as owned by {@code scope}'s stack, sorted by key. */
    List<Owned> owned(StackScope scope);
}
