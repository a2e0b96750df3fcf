package dev.plumbline.engine.apply;

import dev.plumbline.plan.Change;

/**
 * Told about each change the {@code Executor} runs, around the whole run of it (all attempts), on the
 * thread that runs it: {@link #started} before the first attempt, {@link Applying#finished} with its
 * result, and {@link Applying#close} always, also when running the change threw. Changes that are not run
 * (an earlier one failed, the agent is stopping) are not reported. For traces and metrics: it knows
 * nothing of either, so appliers stays free of them. A listener must not throw.
 */
public interface ExecutionListener {

    /** A listener that does nothing. */
    static ExecutionListener none() {
        return change -> result -> { };
    }

    /** Called before the first attempt at {@code change}; the handle is closed after the last. */
    Applying started(Change change);

    /**
     * As {@link #started}, for one of several changes a provider takes in one call: their handles overlap on
     * the thread (all started before the call, all closed after it, in order), so none may make itself the
     * thread's current context.
     */
    default Applying startedBeside(Change change) {
        return started(change);
    }

    /** One change being run; use it in a try-with-resources block. */
    interface Applying extends AutoCloseable {

        /** How the change ended: done or failed. */
        void finished(ChangeResult result);

        /** Always called last; when {@link #finished} was not called, running the change threw. */
        @Override
        default void close() {
        }
    }
}
