package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code plumbline status STACK}: one stack in full, a label per line (source, provider, sync policy,
 * paused, pinned, drift, the last applied and attempted revisions with author and subject, the next run,
 * the last sync request) and a table of its conditions.
 */
public final class StackDetail {

    private StackDetail() {
    }

    /** The view of a {@code GET /api/v1/stacks/{name}} answer. */
    public static String render(JsonNode stack, Instant now) {
        List<String[]> lines = new ArrayList<>();
        lines.add(line("Stack", JsonText.of(stack, "name")));
        lines.add(line("Source", JsonText.of(stack, "source") + pathOf(stack)));
        lines.add(line("Provider", JsonText.of(stack, "provider")));
        lines.add(line("Sync", sync(stack.path("sync"))));
        lines.add(line("Paused", stack.path("paused").asBoolean(false)
                ? "yes: nothing is applied until resume" : "no"));
        String pinned = JsonText.of(stack, "pinnedRevision");
        lines.add(line("Pinned", pinned.isEmpty() ? "no" : pinned + " (until resume)"));
        lines.add(line("Drifted", stack.path("drifted").asInt(0) + " resource(s)"));
        lines.add(line("Last applied", commit(Commit.of(stack, "lastApplied"), now)));
        lines.add(line("Last attempted", commit(Commit.of(stack, "lastAttempted"), now)));
        lines.add(line("Next run", Elapsed.relative(JsonText.of(stack, "nextRun"), now)));
        lines.add(line("Last request", request(stack)));
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0) + 2;
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            out.append(String.format("%-" + width + "s%s", line[0] + ":", line[1]).stripTrailing()).append('\n');
        }
        out.append("Conditions:\n");
        Table conditions = new Table("TYPE", "STATUS", "REASON", "MESSAGE");
        for (Condition condition : Condition.all(stack)) {
            conditions.row(condition.type(), condition.status(), condition.reason(), condition.message());
        }
        out.append(conditions.isEmpty() ? "  (none reported)\n" : conditions.render("  "));
        return out.toString();
    }

    private static String[] line(String label, String value) {
        return new String[] {label, value == null || value.isEmpty() ? "-" : value};
    }

    private static String pathOf(JsonNode stack) {
        String path = JsonText.of(stack, "path");
        return path.isEmpty() ? "" : " (" + path + ")";
    }

    private static String sync(JsonNode sync) {
        List<String> on = new ArrayList<>();
        for (String flag : List.of("auto", "prune", "selfHeal")) {
            if (sync.path(flag).asBoolean(false)) {
                on.add(flag);
            }
        }
        return on.isEmpty() ? "manual" : String.join(", ", on);
    }

    private static String commit(Optional<Commit> commit, Instant now) {
        return commit.map(c -> c.at().isEmpty() ? c.describe() : c.describe() + ", " + Elapsed.relative(c.at(), now))
                .orElse("none yet");
    }

    private static String request(JsonNode stack) {
        String last = JsonText.of(stack, "lastRequest");
        if (last.isEmpty()) {
            return "none";
        }
        String handled = JsonText.of(stack, "lastHandledRequest");
        return last + (handled.compareTo(last) >= 0 ? " (handled)" : " (pending; last handled: "
                + (handled.isEmpty() ? "none" : handled) + ")");
    }
}
