package dev.plumbline.engine.state;

import java.util.Objects;

/**
 * One acquisition of a stack's lease: the stack, the fencing token it got (greater than any the stack's
 * lease had before) and its holder. The run that took it renews, releases and writes with it
 * ({@link StateStore#fenced}); once it is lost (broken, or taken over after it expired) every write under
 * it is refused.
 */
public record Lease(String stack, long token, LeaseHolder holder) {

    public Lease {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(holder, "holder");
        if (token < 1) {
            throw new IllegalArgumentException("a lease token is at least 1, not " + token);
        }
    }
}
