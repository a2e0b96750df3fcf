package dev.plumbline.provider;

import java.util.Objects;

/** The stack a provider call works for. */
public record StackScope(String stack) {

    public StackScope {
        Objects.requireNonNull(stack, "stack");
    }
}
