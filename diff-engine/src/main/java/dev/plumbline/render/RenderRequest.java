package dev.plumbline.render;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to render: a stack's manifest files, the {@link Router} that picks a resource's provider unless its
 * manifest names one (annotation {@code plumbline.dev/provider}), and the variables {@code ${name}} stands for.
 */
public record RenderRequest(String stack, Map<String, String> vars, List<ManifestFile> files, Router router) {

    public RenderRequest {
        Objects.requireNonNull(stack, "stack");
        vars = Map.copyOf(vars);
        files = List.copyOf(files);
        Objects.requireNonNull(router, "router");
    }

    /** Every resource to {@code provider} unless its manifest names another. */
    public RenderRequest(String stack, String provider, Map<String, String> vars, List<ManifestFile> files) {
        this(stack, vars, files, Router.always(provider));
    }
}
