package dev.plumbline.render;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to render: a stack's manifest files, the provider its resources go to unless a manifest names
 * another (annotation {@code plumbline.dev/provider}), and the variables {@code ${name}} stands for.
 */
public record RenderRequest(String stack, String provider, Map<String, String> vars, List<ManifestFile> files) {

    public RenderRequest {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(provider, "provider");
        vars = Map.copyOf(vars);
        files = List.copyOf(files);
    }
}
