package dev.plumbline.engine.port;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import java.util.List;

/**
 * The engine's port to secrets: turns the secret references of desired resources into sensitive values, in
 * memory, for the one run that compares and applies them. Nothing resolved is kept after the run.
 */
@FunctionalInterface
public interface SecretResolver {

    /** Resolves nothing: for stacks and tests without secret references. */
    static SecretResolver none() {
        return resources -> resources;
    }

    /**
     * The resources with every secret reference resolved: one per resource, in the same order, and the very
     * object given for a resource that names no secret (the engine keeps what it works out about those).
     *
     * @throws dev.plumbline.problem.TransientException naming the manifest position (never the value) when a
     *     secret cannot be read now
     */
    List<Resource> resolve(List<Resource> resources);

    /**
     * The secret references of {@code resources} that may never be read, whatever the machine holds (the
     * agent config grants them no access), each at its manifest position; checked with validation, so a
     * commit that names one changes nothing and stalls.
     */
    default List<Problem> check(List<Resource> resources) {
        return List.of();
    }
}
