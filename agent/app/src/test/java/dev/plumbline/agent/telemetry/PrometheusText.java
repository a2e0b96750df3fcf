package dev.plumbline.agent.telemetry;

import java.util.Arrays;
import java.util.OptionalDouble;

/** Reads one sample out of a Prometheus text exposition, whatever order its labels come in. */
final class PrometheusText {

    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    /** The value of the sample named {@code name} carrying every {@code label="value"} pair given. */
    OptionalDouble value(String name, String... labels) {
        return text.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(label -> line.contains(quoted(label))))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    /** Whether any sample line is named {@code name}. */
    boolean has(String name) {
        return value(name).isPresent();
    }

    /** {@code stack=web} as it appears in the text: {@code stack="web"}. */
    private static String quoted(String label) {
        int equals = label.indexOf('=');
        return label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"";
    }
}
