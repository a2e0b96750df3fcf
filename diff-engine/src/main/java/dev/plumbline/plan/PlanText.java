package dev.plumbline.plan;

import dev.plumbline.model.Sensitive;

/**
 * Prints a plan document for people, the one way both a local plan ({@code plumbline plan}, {@code apply})
 * and an agent's ({@code plumbline plan STACK}) print: a header naming the stack and revision, a block per
 * change that writes or removes something (the fields that differ, each with its manifest position, and a
 * unified diff of live against desired YAML), a line per orphan, the problems, and the counts.
 */
public final class PlanText {

    private static final int SHORT_SHA = 7;

    private PlanText() {
    }

    /** A local plan, its header naming the revision as {@code revision} says (short SHA, ref and subject). */
    public static String render(String stack, String revision, Plan plan) {
        return render(PlanDocument.shown(stack, revision, plan), revision);
    }

    /**
     * The plan of a document, its header naming the revision by its short SHA (a document carries the SHA
     * only); "" for a document that carries an error instead (see {@link #error}).
     */
    public static String render(PlanDocument plan) {
        return render(plan, plan.revision().map(PlanText::shortSha).orElse(""));
    }

    /** The plan of a document, its header naming the revision as {@code revision} says. */
    public static String render(PlanDocument plan, String revision) {
        if (plan.error().isPresent()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("Stack ").append(plan.stack()).append(" at ").append(revision).append('\n');
        for (PlanDocument.Change change : plan.changes()) {
            switch (change.action()) {
                case CREATE, UPDATE, DELETE -> block(change, out);
                case ORPHAN -> out.append("\n! orphan ").append(change.resource())
                        .append("  (no longer in Git; prune is off, so it stays)\n");
                case NOOP -> { }
            }
        }
        for (PlanDocument.Problem problem : plan.problems()) {
            out.append("\nerror: ").append(problem).append('\n');
        }
        out.append("\nPlan for ").append(plan.stack()).append(": ").append(plan.summary().text()).append(".\n");
        return out.toString();
    }

    /**
     * Why a stack could not be planned: each problem on its own line ({@code file:line:col: message}), or
     * one {@code error: STACK: message} line; "" for a document that carries a plan.
     */
    public static String error(PlanDocument plan) {
        if (plan.error().isEmpty()) {
            return "";
        }
        PlanDocument.Failure failure = plan.error().get();
        StringBuilder out = new StringBuilder();
        for (PlanDocument.Problem problem : failure.problems()) {
            out.append(problem).append('\n');
        }
        if (out.isEmpty()) {
            out.append("error: ").append(plan.stack()).append(": ")
                    .append(failure.message().isEmpty() ? failure.reason() : failure.message()).append('\n');
        }
        return out.toString();
    }

    private static void block(PlanDocument.Change change, StringBuilder out) {
        String symbol = switch (change.action()) {
            case CREATE -> "+";
            case DELETE -> "-";
            default -> "~";
        };
        out.append('\n').append(symbol).append(' ').append(change.action().word()).append(' ')
                .append(change.resource());
        change.source().ifPresent(source -> out.append("  (").append(source).append(')'));
        change.liveRevision().filter(revision -> change.action() == Action.DELETE)
                .ifPresent(revision -> out.append("  (applied from ").append(shortSha(revision))
                        .append("; no longer in Git)"));
        out.append('\n');
        if (change.action() == Action.UPDATE) {
            if (change.liveRevision().isEmpty()) {
                out.append("    adopt: it exists without an owner; this stack takes it over\n");
            }
            for (PlanDocument.Field field : change.fields()) {
                out.append("    ").append(field.change()).append(": ").append(field.path());
                if (field.sensitive()) {
                    out.append(' ').append(Sensitive.MASK);
                }
                field.source().ifPresent(source -> out.append("  (").append(source).append(')'));
                out.append('\n');
            }
        }
        for (String line : change.diff()) {
            out.append("    ").append(line).append('\n');
        }
    }

    private static String shortSha(String sha) {
        return sha.length() > SHORT_SHA ? sha.substring(0, SHORT_SHA) : sha;
    }
}
