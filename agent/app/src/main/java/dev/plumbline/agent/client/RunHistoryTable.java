package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code plumbline history STACK}: a stack's runs, newest first, one per line: id, start, trigger, short
 * revision, result, duration, the counts of changes ({@code +created ~updated -deleted}) and the message.
 */
public final class RunHistoryTable {

    static final int MESSAGE_WIDTH = 60;

    private RunHistoryTable() {
    }

    /** The table of a {@code GET /api/v1/stacks/{name}/history} answer. */
    public static String render(JsonNode body) {
        Table table = new Table("ID", "STARTED", "TRIGGER", "REVISION", "RESULT", "DURATION", "CHANGES",
                "MESSAGE");
        for (JsonNode run : body.path("runs")) {
            JsonNode duration = run.path("durationMs");
            table.row(JsonText.of(run, "id"), started(JsonText.of(run, "startedAt")),
                    JsonText.of(run, "trigger"), Commit.shortSha(JsonText.of(run, "revision")),
                    JsonText.of(run, "result"),
                    duration.isNumber() ? Elapsed.duration(duration.asLong()) : "",
                    "+" + run.path("created").asInt(0) + " ~" + run.path("updated").asInt(0)
                            + " -" + run.path("deleted").asInt(0),
                    Table.truncate(JsonText.of(run, "message"), MESSAGE_WIDTH));
        }
        if (table.isEmpty()) {
            return "No runs of " + JsonText.of(body, "stack") + " yet.\n";
        }
        return table.render();
    }

    /** {@code 2026-11-24T10:00:00.123Z} as {@code 2026-11-24 10:00:00Z}: to the second, easier to scan. */
    private static String started(String at) {
        String text = at.replace('T', ' ');
        int dot = text.indexOf('.');
        return dot < 0 ? text : text.substring(0, dot) + (text.endsWith("Z") ? "Z" : "");
    }
}
