package dev.plumbline.provider.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes the text of a record the way {@link RecordYaml} does, without a YAML parser or emitter: comment lines,
 * then one {@code key: value} line per field, and {@code labels:} and {@code annotations:} each followed by
 * {@code   name: value} lines. It takes only what it can read exactly as the YAML parser would (plain values of
 * letters, digits and {@code ._/~+:=@-} that YAML's core schema reads as text, or {@code true} and {@code false})
 * and answers null for anything else (quotes, other characters, numbers, a key it does not know, a key twice, a
 * record edited into another layout), for the YAML parser to read. A stack's records are all read when the
 * provider starts, so this is most of what a first plan costs at 100,000 files.
 */
final class RecordText {

    private static final Set<String> FIELDS = Set.of("path", "stack", "resource", "revision", "appliedAt", "sha256",
            "created", "pending", "sensitive");
    private static final Set<String> MAPPINGS = Set.of("labels", "annotations");
    private static final String INDENT = "  ";
    /** What YAML's core schema reads as a number (or infinity, or not-a-number) rather than text. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
            + "|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    private static final Set<String> OTHER_BOOLEANS_AND_NULLS = Set.of("True", "False", "TRUE", "FALSE", "null",
            "Null", "NULL", "~");

    private RecordText() {
    }

    /** The fields of {@code text} as the YAML parser would load them, or null when only it can tell. */
    static Map<String, Object> read(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, Object> mapping = null;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = text.substring(start, end < 0 ? text.length() : end);
            start = end < 0 ? text.length() : end + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean nested = line.startsWith(INDENT);
            int colon = line.indexOf(": ", nested ? INDENT.length() : 0);
            if (nested) {
                if (mapping == null || colon < 0) {
                    return null;
                }
                String name = line.substring(INDENT.length(), colon);
                Object value = scalar(line.substring(colon + 2));
                if (!(scalar(name) instanceof String) || !(value instanceof String) || mapping.put(name, value) != null) {
                    return null;
                }
                continue;
            }
            mapping = null;
            if (line.endsWith(":") && MAPPINGS.contains(line.substring(0, line.length() - 1))) {
                mapping = new LinkedHashMap<>();
                if (fields.put(line.substring(0, line.length() - 1), mapping) != null) {
                    return null;
                }
                continue;
            }
            if (colon < 0 || !FIELDS.contains(line.substring(0, colon))) {
                return null;
            }
            Object value = scalar(line.substring(colon + 2));
            if (value == null || fields.put(line.substring(0, colon), value) != null) {
                return null;
            }
        }
        for (String name : MAPPINGS) {
            if (fields.get(name) instanceof Map<?, ?> found && found.isEmpty()) {
                return null; // "labels:" alone is null to YAML
            }
        }
        return fields;
    }

    /**
     * The text the YAML emitter writes for {@code fields} (text, booleans, and mappings of text to text, in
     * order), or null when a value is not one that {@link #read} takes back as it is; the emitter then writes it.
     */
    static String write(Map<String, Object> fields) {
        StringBuilder text = new StringBuilder(256);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (value instanceof Map<?, ?> mapping) {
                if (mapping.isEmpty()) {
                    return null;
                }
                text.append(field.getKey()).append(":\n");
                for (Map.Entry<?, ?> entry : mapping.entrySet()) {
                    if (!plain(entry.getKey()) || !plain(entry.getValue())) {
                        return null;
                    }
                    text.append(INDENT).append(entry.getKey()).append(": ").append(entry.getValue()).append('\n');
                }
            } else if (value instanceof Boolean || plain(value)) {
                text.append(field.getKey()).append(": ").append(value).append('\n');
            } else {
                return null;
            }
        }
        return text.toString();
    }

    /** Whether {@code value} is text that YAML writes and reads back plainly, as {@link #read} takes it. */
    private static boolean plain(Object value) {
        return value instanceof String text && text.equals(scalar(text));
    }

    /** A plain value as the core schema reads it: text, or a boolean for {@code true}/{@code false}; else null. */
    private static Object scalar(String value) {
        if (value.isEmpty() || value.endsWith(":")) {
            return null;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        char first = value.charAt(0);
        if (!(Character.isLetterOrDigit(first) && first < 0x80 || first == '_' || first == '.' || first == '/')) {
            return null;
        }
        for (int index = 0; index < value.length(); index++) {
            char c = value.charAt(index);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "._/~+:=@-".indexOf(c) >= 0);
            if (!plain) {
                return null;
            }
        }
        if (OTHER_BOOLEANS_AND_NULLS.contains(value) || NUMBER.matcher(value).matches()) {
            return null;
        }
        return value;
    }
}
