package dev.plumbline.engine;

import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.render.Renderer;
import java.time.Duration;

/**
 * The reconcile engine, joined from its parts: a renderer with its cache, the planner (render, validate,
 * observe, diff) and the reconciler (gates, apply, the one end of every run), all reaching the world
 * through {@link EnginePorts}. One per agent or CLI command.
 */
public final class Engine {

    private final EnginePorts ports;
    private final Renderer renderer = new Renderer();
    private final StackReconciler reconciler;

    /**
     * An engine taking leases as {@code holder}, giving up at once on a lease another run holds (the agent's
     * queue tries again later); {@code stop} abandons runs between two changes.
     */
    public Engine(EnginePorts ports, StopSignal stop, LeaseHolder holder) {
        this(ports, stop, holder, Duration.ZERO);
    }

    /** As above, waiting up to {@code lockWait} for a lease another run holds ({@code plumbline apply}). */
    public Engine(EnginePorts ports, StopSignal stop, LeaseHolder holder, Duration lockWait) {
        this.ports = ports;
        this.reconciler = new StackReconciler(ports, renderer, stop, holder, lockWait);
    }

    public EnginePorts ports() {
        return ports;
    }

    public StackReconciler reconciler() {
        return reconciler;
    }

    public StackPlanner planner() {
        return reconciler.planner();
    }

    /** Forgets every rendered file, so that the next run parses everything again (a hard sync). */
    public void clearRenderCache() {
        renderer.clearCache();
    }
}
