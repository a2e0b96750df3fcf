package dev.plumbline.engine.state;

import java.util.List;

/** The audit log of mutating API calls, kept in the state store. */
public interface AuditLog {

    void record(AuditEntry entry);

    /** The newest entries first. */
    List<AuditEntry> recent(int limit);
}
