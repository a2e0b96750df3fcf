package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One mutating API call: who (the token's name, or {@code anonymous}), what action, on what target, when,
 * the HTTP status it got and a word or sentence on the result. {@code id} is 0 until stored.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, int status,
                         String result) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        result = result == null ? "" : result;
    }
}
