package dev.plumbline.provider.etcd;

import dev.plumbline.model.Values;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.yaml.YamlParser;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The text of a {@link KeyRecord}: one line of JSON, so that {@code etcdctl get --prefix} shows one
 * record per line and {@code jq} reads it.
 * <pre>
 * {"key":"app/url","stack":"web","kind":"Key","resource":"app-url","revision":"9fceb02d...","appliedAt":"2025-06-01T12:00:00Z","sha256":"2c26b46b...","created":true,"sensitive":false}
 * </pre>
 * A KeySet's records also carry {@code "prefix"}. The value itself is never in it, only its SHA-256.
 */
final class KeyRecordJson {

    private KeyRecordJson() {
    }

    static String write(KeyRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        OwnershipRecord owner = record.owner();
        fields.put("key", record.key().text());
        fields.put("stack", owner.stack());
        fields.put("kind", record.kind());
        fields.put("resource", record.resource());
        if (!record.prefix().isEmpty()) {
            fields.put("prefix", record.prefix());
        }
        fields.put("revision", owner.revision());
        fields.put("appliedAt", owner.appliedAt().toString());
        owner.sha256().ifPresent(sha256 -> fields.put("sha256", sha256)); // none for a secret
        fields.put("created", owner.created());
        fields.put("sensitive", owner.sensitive());
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            string(name, json);
            json.append(':');
            if (value instanceof Boolean flag) {
                json.append(flag);
            } else {
                string((String) value, json);
            }
        });
        return json.append('}').toString();
    }

    /**
     * Reads a record written by {@link #write}, found at {@code where} in the area of {@code stack}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static KeyRecord read(String stack, String where, String text) {
        Object loaded;
        try {
            loaded = new Load(YamlParser.settings(where)).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a JSON object with key, stack, kind, resource, revision,"
                    + " appliedAt, sha256 and created");
        }
        Map<String, Object> fields = Values.map(loaded);
        if (!stack.equals(text(fields, "stack"))) {
            throw new IllegalArgumentException("it names stack '" + fields.get("stack") + "', but sits in the area of"
                    + " stack '" + stack + "'");
        }
        try {
            KeyPath key = new KeyPath(text(fields, "key"));
            String kind = text(fields, "kind");
            String resource = text(fields, "resource");
            String prefix = fields.containsKey("prefix") ? text(fields, "prefix") : "";
            boolean sensitive = fields.containsKey("sensitive") && flag(fields, "sensitive");
            Optional<String> sha256 = sensitive && !fields.containsKey("sha256") ? Optional.empty()
                    : Optional.of(text(fields, "sha256"));
            return new KeyRecord(key, kind, resource, prefix, OwnershipRecord.read(stack, text(fields, "revision"),
                    Instant.parse(text(fields, "appliedAt")), sha256, flag(fields, "created"), sensitive));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("appliedAt is not an ISO-8601 instant: " + e.getParsedString(), e);
        }
    }

    private static String text(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("it needs '" + key + "'");
        }
        return String.valueOf(value);
    }

    private static boolean flag(Map<String, Object> fields, String key) {
        if (fields.get(key) instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }

    private static void string(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    // escaped: what JSON forbids raw, and what YAML (which reads the records) refuses raw
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
                            || c >= '\ufffe') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
