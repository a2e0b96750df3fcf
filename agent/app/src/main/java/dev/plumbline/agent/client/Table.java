package dev.plumbline.agent.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text in aligned columns for people, like {@code kubectl get}: a header row, then one row per item, each
 * column as wide as its widest cell, three spaces between columns, no trailing spaces. A cell is one line
 * (line breaks become spaces); an empty or null cell prints as {@code -}.
 */
public final class Table {

    private static final String GAP = "   ";
    private static final String ELLIPSIS = "…";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table has at least one column");
        }
        this.headers = List.of(headers);
    }

    /** Adds a row; it must have one cell per column. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
                    + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line ending in a line break. */
    public String render() {
        return render("");
    }

    /** The table with each line starting with {@code indent}. */
    public String render(String indent) {
        int[] widths = new int[headers.size()];
        List<List<String>> lines = new ArrayList<>();
        lines.add(headers);
        lines.addAll(rows);
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder(indent);
            for (int i = 0; i < widths.length; i++) {
                text.append(line.get(i));
                if (i < widths.length - 1) {
                    text.append(" ".repeat(widths[i] - line.get(i).length())).append(GAP);
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The text cut to at most {@code max} characters, ending in an ellipsis when cut. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - ELLIPSIS.length())).stripTrailing() + ELLIPSIS;
    }

    private static String cell(Object value) {
        String text = value == null ? "" : value.toString().replaceAll("\\s*\\R\\s*", " ").strip();
        return text.isEmpty() ? "-" : text;
    }
}
