package dev.plumbline.engine.port;

import dev.plumbline.engine.RunReport;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.apply.ExecutionListener;
import java.util.function.Supplier;

/**
 * The engine's port to telemetry and events: told when a run of a stack starts, about each step of it, and
 * once, at its one end, how it ended ({@link RunScope#finished}). The agent's implementation makes spans
 * and metrics of it; the engine knows neither. A listener must not throw.
 */
public interface ReconcileListener {

    /** A listener that does nothing. */
    static ReconcileListener none() {
        return (stack, trigger) -> new RunScope() { };
    }

    /** A run of {@code stack} starts; the scope is closed when it ends, whatever happened. */
    RunScope started(String stack, Trigger trigger);

    /** Told about every change the executor runs. */
    default ExecutionListener changes() {
        return ExecutionListener.none();
    }

    /** One run, from its start to its end. */
    interface RunScope extends AutoCloseable {

        /** The run works on this commit. */
        default void revision(String sha) {
        }

        /**
         * Runs one step of the run ({@code fetch}, {@code render}, {@code diff}) and returns what it returns;
         * an exception goes on unchanged.
         */
        default <T> T step(String name, Supplier<T> body) {
            return body.get();
        }

        /** Runs the observe step of one provider. */
        default <T> T observe(String provider, Supplier<T> body) {
            return body.get();
        }

        /** How the run ended: called exactly once, from the one place every run ends. */
        default void finished(RunReport report) {
        }

        @Override
        default void close() {
        }
    }
}
