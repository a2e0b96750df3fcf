package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a mutating call did, in one line for people: the answers of sync, pause, resume and rollback, and
 * the outcome of a sync once the stack has handled it.
 */
public final class ActionSummary {

    private ActionSummary() {
    }

    /** {@code POST .../sync}: {@code sync of web requested (request 0001764000000000-3a9c)}. */
    public static String sync(JsonNode answer) {
        return (answer.path("hard").asBoolean(false) ? "hard sync (fetch, no render cache) of " : "sync of ")
                + JsonText.of(answer, "stack") + " requested (request " + JsonText.of(answer, "requestId")
                + ")";
    }

    /** A stack after it handled a request: {@code web: Ready True (ReconciliationSucceeded): applied ...}. */
    public static String outcome(JsonNode stack) {
        Condition ready = Condition.ready(stack);
        return JsonText.of(stack, "name") + ": Ready " + ready.statusAndReason()
                + (ready.message().isEmpty() ? "" : ": " + ready.message());
    }

    /** {@code POST .../pause}. */
    public static String pause(JsonNode answer) {
        String stack = JsonText.of(answer, "stack");
        String pinned = JsonText.of(answer, "pinnedRevision");
        return stack + " paused" + (pinned.isEmpty() ? "" : " (pinned to " + Commit.shortSha(pinned) + ")")
                + ": nothing is applied to it until 'plumbline resume " + stack + "'";
    }

    /** {@code POST .../resume}. */
    public static String resume(JsonNode answer) {
        return JsonText.of(answer, "stack") + " resumed, not paused or pinned; reconcile at the source's"
                + " current revision requested (request " + JsonText.of(answer, "requestId") + ")";
    }

    /** {@code POST .../rollback}. */
    public static String rollback(JsonNode answer) {
        String stack = JsonText.of(answer, "stack");
        return stack + " pinned to " + Commit.shortSha(JsonText.of(answer, "pinnedRevision"))
                + " and rolling back to it (request " + JsonText.of(answer, "requestId")
                + "); new commits are not applied until 'plumbline resume " + stack + "'";
    }
}
