package dev.plumbline.engine.state;

import java.util.List;

/** The audit log of mutating API calls, kept in the state store. */
public interface AuditLog {

    /** Keeps an entry under an id of the store's, growing with each entry (the entry's own id is ignored). */
    void record(AuditEntry entry);

    /**
     * The newest entries first, at most {@code limit}.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1
     */
    List<AuditEntry> recent(int limit);
}
