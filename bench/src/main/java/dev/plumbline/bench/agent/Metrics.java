package dev.plumbline.bench.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of the agent's {@code /metrics} (Prometheus text), read a sample at a time. */
public record Metrics(String text) {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)\\})? (\\S+)$");

    /**
     * The sum of every sample of {@code name} whose labels include each of {@code labels} ({@code
     * stack="web"}, ...); 0 when there is none.
     */
    public double sum(String name, String... labels) {
        double sum = 0;
        Matcher matcher = SAMPLE.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(name) && hasAll(matcher.group(2) == null ? "" : matcher.group(2), labels)) {
                sum += Double.parseDouble(matcher.group(3));
            }
        }
        return sum;
    }

    private static boolean hasAll(String actual, String... labels) {
        for (String label : labels) {
            if (!(actual.startsWith(label) || actual.contains("," + label))) {
                return false;
            }
        }
        return true;
    }
}
