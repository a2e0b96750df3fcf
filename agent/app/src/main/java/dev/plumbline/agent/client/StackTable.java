package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code plumbline status}: every stack on one line (name, Ready with its reason, the short SHA of the
 * last applied revision and how long ago, paused or pinned, drifted resources, Ready's message).
 */
public final class StackTable {

    static final int MESSAGE_WIDTH = 60;

    private StackTable() {
    }

    /** The table of a {@code GET /api/v1/stacks} answer. */
    public static String render(JsonNode body, Instant now) {
        Table table = new Table("NAME", "READY", "REVISION", "AGE", "PAUSED/PINNED", "DRIFTED", "MESSAGE");
        for (JsonNode stack : body.path("stacks")) {
            Condition ready = Condition.ready(stack);
            var applied = Commit.of(stack, "lastApplied");
            table.row(JsonText.of(stack, "name"), ready.statusAndReason(),
                    applied.map(Commit::shortSha).orElse(""),
                    applied.map(c -> Elapsed.since(c.at(), now)).orElse(""),
                    pausedOrPinned(stack), stack.path("drifted").asInt(0),
                    Table.truncate(ready.message(), MESSAGE_WIDTH));
        }
        return table.isEmpty() ? "No stacks.\n" : table.render();
    }

    /** {@code paused}, {@code pinned 3f2a1b2}, both, or "" for neither. */
    static String pausedOrPinned(JsonNode stack) {
        boolean paused = stack.path("paused").asBoolean(false);
        String pinned = JsonText.of(stack, "pinnedRevision");
        if (pinned.isEmpty()) {
            return paused ? "paused" : "";
        }
        return (paused ? "paused, " : "") + "pinned " + Commit.shortSha(pinned);
    }
}
