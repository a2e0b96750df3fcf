package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A plan document from the admin API ({@code GET /api/v1/stacks/{name}/plan}, the shape of
 * {@code plumbline plan -o json}) printed as {@code dev.plumbline.plan.PlanText} prints a local plan: the
 * header, a block per change that writes or removes something (fields with their manifest positions, the
 * unified diff), a line per orphan, the problems and the summary line. The header names the revision by
 * its short SHA, which is all the document carries.
 */
public final class PlanDocumentText {

    private PlanDocumentText() {
    }

    /** Whether the stack could not be planned, or its plan has problems that forbid applying it. */
    public static boolean failed(JsonNode doc) {
        return doc.has("error") || !doc.path("problems").isEmpty();
    }

    public static boolean hasChanges(JsonNode doc) {
        return doc.path("hasChanges").asBoolean(false);
    }

    /** The plan as text; "" for a document that carries an error instead (see {@link #error}). */
    public static String render(JsonNode doc) {
        if (doc.has("error")) {
            return "";
        }
        String stack = JsonText.of(doc, "stack");
        StringBuilder out = new StringBuilder();
        out.append("Stack ").append(stack).append(" at ").append(Commit.shortSha(JsonText.of(doc, "revision")))
                .append('\n');
        for (JsonNode change : doc.path("changes")) {
            switch (JsonText.of(change, "action")) {
                case "create", "update", "delete" -> block(change, out);
                case "orphan" -> out.append("\n! orphan ").append(JsonText.of(change, "resource"))
                        .append("  (no longer in Git; prune is off, so it stays)\n");
                default -> { }
            }
        }
        for (JsonNode problem : doc.path("problems")) {
            out.append("\nerror: ").append(problem(problem)).append('\n');
        }
        out.append("\nPlan for ").append(stack).append(": ").append(summary(doc.path("summary"))).append(".\n");
        return out.toString();
    }

    /** Why a stack could not be planned: each problem on its own line, or one {@code error:} line. */
    public static String error(JsonNode doc) {
        JsonNode error = doc.path("error");
        StringBuilder out = new StringBuilder();
        for (JsonNode problem : error.path("problems")) {
            out.append(problem(problem)).append('\n');
        }
        if (out.isEmpty()) {
            String message = JsonText.of(error, "message");
            out.append("error: ").append(JsonText.of(doc, "stack")).append(": ")
                    .append(message.isEmpty() ? JsonText.of(error, "reason") : message).append('\n');
        }
        return out.toString();
    }

    private static void block(JsonNode change, StringBuilder out) {
        String action = JsonText.of(change, "action");
        String symbol = switch (action) {
            case "create" -> "+";
            case "delete" -> "-";
            default -> "~";
        };
        out.append('\n').append(symbol).append(' ').append(action).append(' ')
                .append(JsonText.of(change, "resource"));
        String source = JsonText.of(change, "source");
        if (!source.isEmpty()) {
            out.append("  (").append(source).append(')');
        }
        String liveRevision = JsonText.of(change, "liveRevision");
        if (action.equals("delete") && !liveRevision.isEmpty()) {
            out.append("  (applied from ").append(Commit.shortSha(liveRevision)).append("; no longer in Git)");
        }
        out.append('\n');
        if (action.equals("update")) {
            if (liveRevision.isEmpty()) {
                out.append("    adopt: it exists without an owner; this stack takes it over\n");
            }
            for (JsonNode field : change.path("fields")) {
                out.append("    ").append(JsonText.of(field, "change")).append(": ")
                        .append(JsonText.of(field, "path"));
                String at = JsonText.of(field, "source");
                if (!at.isEmpty()) {
                    out.append("  (").append(at).append(')');
                }
                out.append('\n');
            }
        }
        String diff = JsonText.of(change, "diff");
        if (!diff.isEmpty()) {
            diff.lines().forEach(line -> out.append("    ").append(line).append('\n'));
        }
    }

    private static String problem(JsonNode problem) {
        String source = JsonText.of(problem, "source");
        String message = JsonText.of(problem, "message");
        return source.isEmpty() ? message : source + ": " + message;
    }

    /** As {@code Plan.summary()} words it. */
    private static String summary(JsonNode summary) {
        return summary.path("create").asLong(0) + " to create, " + summary.path("update").asLong(0)
                + " to update, " + summary.path("delete").asLong(0) + " to delete, "
                + summary.path("orphan").asLong(0) + " orphaned, " + summary.path("noop").asLong(0) + " unchanged";
    }
}
