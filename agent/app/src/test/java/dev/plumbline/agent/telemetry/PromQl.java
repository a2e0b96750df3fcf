package dev.plumbline.agent.telemetry;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, as a dashboard or an alert rule writes it: what is left once
 * strings (label values), label matchers, ranges and subqueries, grouping clauses ({@code by (...)},
 * {@code on (...)}, ...), numbers and durations, keywords and function calls are taken out. Grafana's
 * variables ({@code $stack}, {@code ${DS_PROMETHEUS}}, {@code $__rate_interval}) only appear in those places.
 * Grafana's {@code label_values(selector, label)} reads the selector's metric.
 */
final class PromQl {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*\\]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*)\\)\\s*$", Pattern.DOTALL);
    /** A number or a duration ({@code 0.9}, {@code 1e3}, {@code 5m}, {@code 1h30m}), or an identifier. */
    private static final Pattern TOKEN = Pattern.compile("(\\d[\\w.]*(?:[eE][+-]?\\d+)?)|([A-Za-z_:][A-Za-z0-9_:]*)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "atan2", "inf", "nan", "start", "end");

    private PromQl() {
    }

    /** The metric names {@code expression} reads, sorted. */
    static Set<String> metricNames(String expression) {
        String text = expression;
        Matcher labelValues = LABEL_VALUES.matcher(text);
        if (labelValues.matches()) {
            String arguments = labelValues.group(1);
            int comma = arguments.lastIndexOf(',');
            if (comma < 0) {
                return new TreeSet<>(); // label_values(label): every metric's, no name
            }
            text = arguments.substring(0, comma);
        }
        text = STRING.matcher(text).replaceAll(" ");
        text = COMMENT.matcher(text).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        for (String before = null; !text.equals(before); ) { // subqueries may nest
            before = text;
            text = RANGE.matcher(text).replaceAll(" ");
        }
        text = GROUPING.matcher(text).replaceAll(" ");
        text = text.replaceAll("\\$\\{[^}]*\\}|\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(text);
        while (token.find()) {
            String identifier = token.group(2);
            if (identifier == null || KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT))) {
                continue;
            }
            int next = token.end();
            while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            if (next < text.length() && text.charAt(next) == '(') {
                continue; // a function or an aggregation
            }
            names.add(identifier);
        }
        return names;
    }
}
