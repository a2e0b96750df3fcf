package dev.plumbline.provider;

import dev.plumbline.model.Provenance;
import java.time.Instant;
import java.util.Objects;

/** The stack, commit and time an apply works for: what the provider stamps on what it writes. */
public record ApplyContext(String stack, String revision, Instant now) {

    public ApplyContext {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(now, "now");
    }

    public StackScope scope() {
        return new StackScope(stack);
    }

    public Provenance provenance() {
        return new Provenance(stack, revision, now);
    }
}
