package dev.plumbline.provider.postgres;

import dev.plumbline.model.Provenance;
import java.util.Objects;

/**
 * What the provider records about an object it applied: its provenance (stack, revision, time), whether
 * that stack {@code created} it (false: it existed and was adopted, so prune leaves it in place), and, for
 * a database, whether prune may end its sessions to drop it.
 */
record Stamp(Provenance provenance, boolean created, boolean dropWithConnections) {

    Stamp {
        Objects.requireNonNull(provenance, "provenance");
    }

    String stack() {
        return provenance.stack();
    }

    boolean ownedBy(String stack) {
        return provenance.stack().equals(stack);
    }
}
