package dev.plumbline.provider;

import dev.plumbline.problem.PlumblineException;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by a provider that takes many changes in one call ({@link TransactionalProvider},
 * {@link BatchProvider}) when it knows how far the call got: the first {@link #applied()}{@code .size()}
 * changes are applied and durable, with these results; the change after them failed with {@link #failure()};
 * none after it was tried. The executor records the applied ones as applied, reports the failure at the change
 * that failed (its own manifest position) and the rest as not run. A provider that cannot say how far it got
 * throws the failure itself, and the executor then records none of the call's changes as applied.
 */
public final class PartialApply extends RuntimeException {

    private final transient List<ApplyResult> applied;
    private final PlumblineException failure;

    public PartialApply(List<ApplyResult> applied, PlumblineException failure) {
        super(Objects.requireNonNull(failure, "failure").getMessage(), failure, false, false);
        this.applied = List.copyOf(applied);
        this.failure = failure;
    }

    /** The results of the changes applied before the failure, in order. */
    public List<ApplyResult> applied() {
        return applied;
    }

    /** Why the change after them failed. */
    public PlumblineException failure() {
        return failure;
    }
}
