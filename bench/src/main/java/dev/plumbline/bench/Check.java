package dev.plumbline.bench;

/**
 * What a figure's target bounds, and how: the ratio to the baseline (most figures: "at most 1.5x the raw
 * read"), or the value itself (memory in MiB, a CLI command's seconds, a count of files parsed).
 */
public enum Check {
    RATIO_AT_MOST("ratio <= target", "<= %sx"),
    RATIO_AT_LEAST("ratio >= target", ">= %sx"),
    VALUE_AT_MOST("value <= target", "<= %s"),
    VALUE_EXACTLY("value == target", "= %s");

    private final String words;
    private final String format;

    Check(String words, String format) {
        this.words = words;
        this.format = format;
    }

    /** How the JSON says it: {@code "ratio <= target"}. */
    public String words() {
        return words;
    }

    /** The target as the table prints it, with the value's unit when the target bounds the value. */
    public String target(String number, String unit) {
        String text = format.formatted(number);
        return boundsValue() && !unit.isEmpty() ? text + " " + unit : text;
    }

    /** Whether the target bounds the value rather than the ratio. */
    public boolean boundsValue() {
        return this == VALUE_AT_MOST || this == VALUE_EXACTLY;
    }

    /** Whether a figure passes: its value or ratio against the target. */
    public boolean passes(double value, double ratio, double target) {
        return switch (this) {
            case RATIO_AT_MOST -> ratio <= target;
            case RATIO_AT_LEAST -> ratio >= target;
            case VALUE_AT_MOST -> value <= target;
            case VALUE_EXACTLY -> value == target;
        };
    }
}
