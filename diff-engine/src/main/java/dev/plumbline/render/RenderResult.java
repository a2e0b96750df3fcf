package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import java.util.List;

/** The resources rendered from a stack's manifests, and every problem found in them. */
public record RenderResult(List<Resource> resources, List<Problem> problems) {

    public RenderResult {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
