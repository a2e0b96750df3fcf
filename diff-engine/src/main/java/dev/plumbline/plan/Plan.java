package dev.plumbline.plan;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Problem;
import java.util.List;

/**
 * The ordered changes that bring live state to desired state: creates and updates in apply order, then
 * deletes in reverse order, then orphans and no-ops. {@code forget} lists inventory keys with nothing
 * live left to remove; {@code track} lists no-ops that this stack owns live but its inventory lacks (a
 * lost or reset state store), to record without writing; {@code problems} are conflicts that forbid
 * applying (an object owned by another stack).
 */
public record Plan(List<Change> changes, List<ResourceKey> forget, List<Change> track, List<Problem> problems) {

    public Plan {
        changes = List.copyOf(changes);
        forget = List.copyOf(forget);
        track = List.copyOf(track);
        problems = List.copyOf(problems);
    }

    public Plan(List<Change> changes, List<ResourceKey> forget, List<Problem> problems) {
        this(changes, forget, List.of(), problems);
    }

    public long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** Whether applying would write or remove anything. */
    public boolean hasChanges() {
        return changes.stream().anyMatch(c -> c.action().mutates());
    }

    /** The changes that write or remove something, in order. */
    public List<Change> mutations() {
        return changes.stream().filter(c -> c.action().mutates()).toList();
    }

    /** {@code 1 to create, 1 to update, 0 to delete, 0 orphaned, 3 unchanged}, as plans print it. */
    public String summary() {
        return PlanDocument.Summary.of(this).text();
    }
}
