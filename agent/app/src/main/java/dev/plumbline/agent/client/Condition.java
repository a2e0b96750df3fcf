package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of a stack's conditions as the admin API reports it ({@code Ready}, {@code Reconciling},
 * {@code Stalled}): a status of {@code True}, {@code False} or {@code Unknown}, a reason and a message.
 */
public record Condition(String type, String status, String reason, String message) {

    public Condition {
        type = type == null ? "" : type;
        status = status == null || status.isEmpty() ? "Unknown" : status;
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    /** Every condition of a stack object, in the order the API gave them. */
    public static List<Condition> all(JsonNode stack) {
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode condition : stack.path("conditions")) {
            conditions.add(new Condition(JsonText.of(condition, "type"), JsonText.of(condition, "status"),
                    JsonText.of(condition, "reason"), JsonText.of(condition, "message")));
        }
        return conditions;
    }

    /** The condition of this type, if the stack has it. */
    public static Optional<Condition> of(JsonNode stack, String type) {
        return all(stack).stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** A stack's Ready condition; {@code Unknown} when it has none. */
    public static Condition ready(JsonNode stack) {
        return of(stack, "Ready").orElse(new Condition("Ready", "Unknown", "", ""));
    }

    public boolean isTrue() {
        return status.equals("True");
    }

    /** The status with the reason: {@code True (ReconciliationSucceeded)}. */
    public String statusAndReason() {
        return reason.isEmpty() ? status : status + " (" + reason + ")";
    }
}
