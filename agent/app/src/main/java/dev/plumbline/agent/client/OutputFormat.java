package dev.plumbline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * How a client command prints an answer: {@code table}, text for people, or {@code json}, the API's JSON
 * as received (indented), for scripts. The constants are lower case because they are what people type
 * after {@code -o}.
 */
public enum OutputFormat {
    table,
    json;

    /** The answer as this format prints it, ending in a line break. */
    public String render(JsonNode body, Function<JsonNode, String> forPeople) {
        String text = this == json ? AdminClient.pretty(body) : forPeople.apply(body);
        return text.endsWith("\n") ? text : text + "\n";
    }
}
