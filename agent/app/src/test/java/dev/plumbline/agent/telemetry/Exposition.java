package dev.plumbline.agent.telemetry;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families of a Prometheus text exposition, as a scrape sees them: each family's name and type
 * (from its {@code # TYPE} line) and the label names its samples carry.
 */
final class Exposition {

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SAMPLE = Pattern.compile("^([^\\s{]+)(?:\\{(.*)\\})? \\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([^\\s=,]+)=\"(?:[^\"\\\\]|\\\\.)*\"");
    /** The samples a histogram or summary family has beside its own name. */
    private static final String[] DISTRIBUTION_SUFFIXES = {"_bucket", "_count", "_sum", "_created"};

    private final Map<String, String> types = new TreeMap<>();
    private final Map<String, Set<String>> labels = new TreeMap<>();

    Exposition(String text) {
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Set<String> names = labels.computeIfAbsent(family(sample.group(1)), f -> new TreeSet<>());
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    names.add(label.group(1));
                }
            }
        }
    }

    /** Every family's name with its type: {@code counter}, {@code gauge}, {@code histogram}, ... */
    Map<String, String> types() {
        return types;
    }

    /** The label names the samples of {@code family} carry ({@code le} and {@code quantile} included). */
    Set<String> labels(String family) {
        return labels.getOrDefault(family, Set.of());
    }

    /**
     * The family a name a query may read belongs to: itself, or for {@code x_bucket}, {@code x_count} and
     * {@code x_sum} the histogram or summary {@code x}; null when the exposition has none.
     */
    String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : DISTRIBUTION_SUFFIXES) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type)) {
                    return base;
                }
            }
        }
        return null;
    }
}
