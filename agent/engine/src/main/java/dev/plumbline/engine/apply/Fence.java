package dev.plumbline.engine.apply;

/**
 * Keeps a run that lost its stack's lease from writing to a target: the {@link Executor} checks it before
 * every provider write (an apply, a delete, a transactional provider's whole batch). The inventory journal's
 * own writes are fenced by the state store, in the same step as each write.
 */
@FunctionalInterface
public interface Fence {

    /** Lets every write through: for tools and tests that hold no lease. */
    Fence NONE = stack -> { };

    /**
     * Returns when the run may still write to {@code stack}'s target.
     *
     * @throws dev.plumbline.engine.state.LeaseLostException when the run no longer holds the stack's lease
     */
    void check(String stack);
}
