package dev.plumbline.render;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import java.util.List;

/**
 * The resources rendered from a stack's manifests, every problem found in them, how many manifest files
 * there were and how many of them were parsed (the others came from the renderer's cache).
 */
public record RenderResult(List<Resource> resources, List<Problem> problems, int files, int parsed) {

    public RenderResult {
        resources = List.copyOf(resources);
        problems = List.copyOf(problems);
    }

    /** The result of one file, parsed now. */
    public RenderResult(List<Resource> resources, List<Problem> problems) {
        this(resources, problems, 1, 1);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
