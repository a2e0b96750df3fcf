package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field of an admin API answer as text: the API writes {@code null} for "none yet" (no run, not pinned),
 * and a view prints that the same as a field left out, as "".
 */
final class JsonText {

    private JsonText() {
    }

    static String of(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }
}
