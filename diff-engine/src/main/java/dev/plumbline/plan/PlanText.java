package dev.plumbline.plan;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.UnifiedDiff;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * Prints a plan for people: a header naming the stack and revision, a block per change that writes or
 * removes something (the fields that differ, each with its manifest position, and a unified diff of live
 * against desired YAML), a line per orphan, and the counts.
 */
public final class PlanText {

    private PlanText() {
    }

    public static String render(String stack, String revision, Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Stack ").append(stack).append(" at ").append(revision).append('\n');
        for (Change change : plan.changes()) {
            switch (change.action()) {
                case CREATE, UPDATE, DELETE -> block(change, out);
                case ORPHAN -> out.append("\n! orphan ").append(change.key().display())
                        .append("  (no longer in Git; prune is off, so it stays)\n");
                case NOOP -> { }
            }
        }
        for (var problem : plan.problems()) {
            out.append("\nerror: ").append(problem).append('\n');
        }
        out.append("\nPlan for ").append(stack).append(": ").append(plan.summary()).append(".\n");
        return out.toString();
    }

    private static void block(Change change, StringBuilder out) {
        String symbol = switch (change.action()) {
            case CREATE -> "+";
            case DELETE -> "-";
            default -> "~";
        };
        out.append('\n').append(symbol).append(' ').append(change.action().word()).append(' ')
                .append(change.key().display());
        change.origin().ifPresent(origin -> out.append("  (").append(origin).append(')'));
        change.live().flatMap(LiveObject::provenance).filter(p -> change.action() == Action.DELETE)
                .ifPresent(p -> out.append("  (applied from ").append(shortSha(p.revision()))
                        .append("; no longer in Git)"));
        out.append('\n');
        if (change.action() == Action.UPDATE && change.live().flatMap(LiveObject::provenance).isEmpty()) {
            out.append("    adopt: it exists without an owner; this stack takes it over\n");
        }
        if (change.action() == Action.UPDATE) {
            for (FieldChange field : change.diff()) {
                out.append("    ").append(field.kind()).append(": ").append(field.path());
                if (field.live() instanceof Sensitive || field.desired() instanceof Sensitive) {
                    out.append(' ').append(Sensitive.MASK);
                }
                change.desired().map(r -> r.location(field.path()))
                        .ifPresent(location -> out.append("  (").append(location).append(')'));
                out.append('\n');
            }
        }
        Object live = change.liveState();
        Object desired = change.desired().map(Resource::state).orElse(Map.of());
        List<String> diff = UnifiedDiff.of(live, desired, "live", "desired");
        for (String line : diff) {
            out.append("    ").append(line).append('\n');
        }
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
