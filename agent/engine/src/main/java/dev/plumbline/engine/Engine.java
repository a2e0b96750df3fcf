package dev.plumbline.engine;

import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.render.Renderer;

/**
 * The reconcile engine, joined from its parts: a renderer with its cache, the planner (render, validate,
 * observe, diff) and the reconciler (gates, apply, the one end of every run), all reaching the world
 * through {@link EnginePorts}. One per agent or CLI command.
 */
public final class Engine {

    private final EnginePorts ports;
    private final Renderer renderer = new Renderer();
    private final StackReconciler reconciler;

    /** An engine taking leases as {@code owner}; {@code stop} abandons runs between two changes. */
    public Engine(EnginePorts ports, StopSignal stop, String owner) {
        this.ports = ports;
        this.reconciler = new StackReconciler(ports, renderer, stop, owner);
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
