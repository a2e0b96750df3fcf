package dev.plumbline.agent.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prometheus' naming conventions (https://prometheus.io/docs/practices/naming/), as a check of every family of
 * an exposition: snake_case names and labels; base units (seconds, bytes), never {@code _ms}, {@code _ns} and
 * the like; the unit last, before {@code _total} only; {@code _total} on counters and on nothing else; a
 * duration (or time, timestamp, latency, ...) in {@code _seconds}, a size or memory in {@code _bytes}; a
 * histogram or summary in seconds or bytes. One exception: Micrometer's {@code <histogram>_max} gauge beside a
 * histogram (the largest value seen recently), as docs/metrics.md says.
 */
final class NameConventions {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> NOT_BASE_UNITS = Set.of("ns", "us", "ms", "nanoseconds", "microseconds",
            "milliseconds", "minutes", "hours", "days", "kb", "mb", "gb", "kib", "mib", "gib", "kilobytes",
            "megabytes", "gigabytes", "percent", "pct");
    private static final Set<String> TIME_WORDS = Set.of("duration", "latency", "time", "uptime", "pause",
            "elapsed", "age", "timestamp", "delay");
    private static final Set<String> SIZE_WORDS = Set.of("memory", "size", "capacity");
    private static final Set<String> BASE_UNITS = Set.of("seconds", "bytes");

    private NameConventions() {
    }

    /** Each family of {@code exposition} that breaks a convention, with why; empty when none does. */
    static List<String> violations(Exposition exposition) {
        List<String> found = new ArrayList<>();
        Map<String, String> types = exposition.types();
        types.forEach((name, type) -> {
            for (String why : violations(name, type, types)) {
                found.add(name + " (" + type + "): " + why);
            }
            for (String label : exposition.labels(name)) {
                if (!LABEL.matcher(label).matches()) {
                    found.add(name + " (" + type + "): label '" + label + "' is not snake_case");
                }
            }
        });
        return found;
    }

    private static List<String> violations(String name, String type, Map<String, String> types) {
        List<String> why = new ArrayList<>();
        if (!SNAKE_CASE.matcher(name).matches()) {
            why.add("not snake_case");
            return why;
        }
        List<String> words = Arrays.asList(name.split("_"));
        String last = words.get(words.size() - 1);
        for (String word : words) {
            if (NOT_BASE_UNITS.contains(word)) {
                why.add("'" + word + "' is not a base unit: use seconds or bytes (or a ratio 0..1)");
            }
        }
        boolean counter = type.equals("counter");
        if (counter && !last.equals("total")) {
            why.add("a counter's name ends in _total");
        }
        if (!counter && last.equals("total")) {
            why.add("only a counter's name ends in _total");
        }
        boolean maxOfHistogram = type.equals("gauge") && last.equals("max")
                && Set.of("histogram", "summary").contains(types.get(name.substring(0, name.length() - 4)));
        if (!maxOfHistogram && Set.of("bucket", "count", "sum", "created").contains(last)) {
            why.add("_" + last + " is kept for a histogram's or summary's samples");
        }
        int unit = -1;
        for (int i = 0; i < words.size(); i++) {
            if (BASE_UNITS.contains(words.get(i))) {
                unit = i;
            }
        }
        if (unit >= 0) {
            List<String> after = words.subList(unit + 1, words.size());
            boolean allowed = after.isEmpty() || after.equals(List.of("total"))
                    || maxOfHistogram && after.equals(List.of("max"));
            if (!allowed) {
                why.add("the unit comes last (only _total may follow it)");
            }
        }
        if (words.stream().anyMatch(TIME_WORDS::contains) && !words.contains("seconds")) {
            why.add("a time or duration is in _seconds");
        }
        if (words.stream().anyMatch(SIZE_WORDS::contains) && !words.contains("bytes")) {
            why.add("a size is in _bytes");
        }
        if ((type.equals("histogram") || type.equals("summary")) && !(last.equals("seconds") || last.equals("bytes"))) {
            why.add("a histogram's or summary's name ends in its unit, _seconds or _bytes");
        }
        return why;
    }
}
