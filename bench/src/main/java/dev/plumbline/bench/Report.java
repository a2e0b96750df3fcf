package dev.plumbline.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bench's two outputs: the table for people (figure, size, value, baseline, ratio, target, pass, with the
 * notes below it) and the one JSON object for scripts, {@code {"<figure>": {"value", "baseline", "ratio",
 * "target", "pass", "check", "unit", "size", "note"}}}, in the order the figures were measured.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {
    }

    public static String json(List<Figure> figures) {
        ObjectNode root = JSON.createObjectNode();
        for (Figure figure : figures) {
            ObjectNode node = root.putObject(figure.name());
            number(node, "value", figure.value());
            number(node, "baseline", figure.baseline());
            number(node, "ratio", figure.ratio());
            node.put("target", Numbers.round(figure.target()));
            node.put("pass", figure.pass());
            node.put("check", figure.check().words());
            node.put("unit", figure.unit());
            node.put("size", figure.size());
            figure.note().ifPresent(note -> node.put("note", note));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String table(List<Figure> figures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "size", "value", "baseline", "ratio", "target", "pass"});
        List<String> notes = new ArrayList<>();
        for (Figure figure : figures) {
            rows.add(new String[] {figure.name(), String.valueOf(figure.size()), amount(figure.value(), figure.unit()),
                    amount(figure.baseline(), figure.unit()),
                    figure.ratio().map(r -> Numbers.format(r) + "x").orElse("-"),
                    figure.check().target(Numbers.format(figure.target()), figure.unit()),
                    figure.pass() ? "yes" : "NO"});
            figure.note().ifPresent(note -> notes.add(figure.name() + ": " + note));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                text.append(last ? row[i] : pad(row[i], widths[i] + 2));
            }
            text.append('\n');
        }
        if (!notes.isEmpty()) {
            text.append("\nnotes:\n");
            notes.forEach(note -> text.append("- ").append(note).append('\n'));
        }
        return text.toString();
    }

    /** The table as Markdown, for docs/benchmarks.md. */
    public static String markdown(List<Figure> figures) {
        StringBuilder text = new StringBuilder("| figure | size | value | baseline | ratio | target | pass |\n"
                + "|---|---:|---:|---:|---:|---|---|\n");
        for (Figure figure : figures) {
            text.append("| `").append(figure.name()).append("` | ").append(figure.size()).append(" | ")
                    .append(amount(figure.value(), figure.unit())).append(" | ")
                    .append(amount(figure.baseline(), figure.unit())).append(" | ")
                    .append(figure.ratio().map(r -> Numbers.format(r) + "x").orElse("-")).append(" | ")
                    .append(figure.check().target(Numbers.format(figure.target()), figure.unit())
                            .replace("<=", "≤").replace(">=", "≥")).append(" | ")
                    .append(figure.pass() ? "yes" : "**no**").append(" |\n");
        }
        return text.toString();
    }

    private static String amount(Optional<Double> amount, String unit) {
        return amount.map(a -> Numbers.format(a) + (unit.isEmpty() ? "" : " " + unit)).orElse("-");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static void number(ObjectNode node, String field, Optional<Double> number) {
        if (number.isPresent()) {
            node.put(field, Numbers.round(number.get()));
        } else {
            node.putNull(field);
        }
    }
}
