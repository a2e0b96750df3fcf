package dev.plumbline.provider.postgres;

import dev.plumbline.model.Provenance;
import dev.plumbline.provider.ownership.OwnershipRecord;
import java.util.Objects;

/**
 * What the provider records about an object it applied, in its provenance comment
 * ({@link ProvenanceComment}) or its ledger row ({@link Ledger}): who owns it ({@link OwnershipRecord}:
 * stack, revision, time, and whether that stack {@code created} it or adopted it, so that prune leaves it in
 * place; PostgreSQL keeps no hash of it), and, for a database, whether prune may end its sessions to drop it.
 */
record Stamp(OwnershipRecord owner, boolean dropWithConnections) {

    Stamp {
        Objects.requireNonNull(owner, "owner");
    }

    Stamp(Provenance provenance, boolean created, boolean dropWithConnections) {
        this(OwnershipRecord.stamped(provenance, created), dropWithConnections);
    }

    Provenance provenance() {
        return owner.provenance();
    }

    boolean created() {
        return owner.created();
    }

    String stack() {
        return owner.stack();
    }

    boolean ownedBy(String stack) {
        return owner.ownedBy(stack);
    }
}
