package dev.plumbline.provider.etcd;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of a {@link KeyRecord}: one line of JSON, so that {@code etcdctl get --prefix} shows one
 * record per line and {@code jq} reads it.
 * <pre>
 * {"key":"app/url","stack":"web","kind":"Key","resource":"app-url","revision":"9fceb02d...","appliedAt":"2025-06-01T12:00:00Z","sha256":"2c26b46b...","created":true,"sensitive":false,"labels":{"team":"web"}}
 * </pre>
 * A KeySet's records also carry {@code "prefix"}. The value itself is never in it, only its SHA-256, and not
 * even that for a value from a secret. {@code "labels"} and {@code "annotations"} (name to text) are there
 * only when the resource has any, so a record of a resource without them reads as it always did.
 *
 * <p>Jackson's streaming generator writes the text and its parser reads it. Besides what JSON requires, the
 * generator escapes DEL, the C1 controls, U+2028/U+2029, U+FEFF and U+FFFE/U+FFFF as {@code \}{@code uXXXX}:
 * annotation values may hold them, and escaped they can neither act on the terminal {@code etcdctl} prints
 * to nor stop a YAML reader (earlier versions of the provider read records as YAML) from reading the record.
 */
final class KeyRecordJson {

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .characterEscapes(new RecordEscapes())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private KeyRecordJson() {
    }

    static String write(KeyRecord record) {
        OwnershipRecord owner = record.owner();
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("key", record.key().text());
            json.writeStringField("stack", owner.stack());
            json.writeStringField("kind", record.kind());
            json.writeStringField("resource", record.resource());
            if (!record.prefix().isEmpty()) {
                json.writeStringField("prefix", record.prefix());
            }
            json.writeStringField("revision", owner.revision());
            json.writeStringField("appliedAt", owner.appliedAt().toString());
            if (owner.sha256().isPresent()) { // none for a secret
                json.writeStringField("sha256", owner.sha256().get());
            }
            json.writeBooleanField("created", owner.created());
            json.writeBooleanField("sensitive", owner.sensitive());
            writeMetadata(owner.metadata(), json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of " + record.key(), e);
        }
        return text.toString();
    }

    /**
     * How many bytes (UTF-8) {@code metadata} adds to a record: {@code ,"labels":{...},"annotations":{...}},
     * 0 when it is empty.
     */
    static long metadataBytes(RecordedMetadata metadata) {
        if (metadata.isEmpty()) {
            return 0;
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            writeMetadata(metadata, json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write labels and annotations", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8).length - 1; // '{' and '}' out, ',' in
    }

    /**
     * Reads a record written by {@link #write} (or by an earlier version of the provider), found at
     * {@code where} in the area of {@code stack}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static KeyRecord read(String stack, String where, String text) {
        Map<String, Object> fields = parse(text);
        if (!stack.equals(fields.get("stack"))) {
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
            RecordedMetadata metadata = new RecordedMetadata(names(fields, "labels"), names(fields, "annotations"));
            return new KeyRecord(key, kind, resource, prefix, OwnershipRecord.read(stack, text(fields, "revision"),
                    Instant.parse(text(fields, "appliedAt")), sha256, flag(fields, "created"), sensitive)
                    .withMetadata(metadata));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("appliedAt is not an ISO-8601 instant: " + e.getParsedString(), e);
        }
    }

    private static void writeMetadata(RecordedMetadata metadata, JsonGenerator json) throws IOException {
        writeNames("labels", metadata.labels(), json);
        writeNames("annotations", metadata.annotations(), json);
    }

    private static void writeNames(String field, Map<String, String> names, JsonGenerator json) throws IOException {
        if (names.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, String> name : names.entrySet()) {
            json.writeStringField(name.getKey(), name.getValue());
        }
        json.writeEndObject();
    }

    /** The fields of the one JSON object {@code text} holds. */
    private static Map<String, Object> parse(String text) {
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object with key, stack, kind, resource,"
                        + " revision, appliedAt, sha256 and created");
            }
            Map<String, Object> fields = object(json);
            if (json.nextToken() != null) {
                throw new IllegalArgumentException("not valid JSON: more follows the object, at character "
                        + json.currentLocation().getCharOffset());
            }
            return fields;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage() + (e.getLocation() == null
                    ? "" : " (at character " + e.getLocation().getCharOffset() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String reader does not fail
        }
    }

    /** The object whose start the parser is at, up to its end. */
    private static Map<String, Object> object(JsonParser json) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            fields.put(name, value(json));
        }
        return fields;
    }

    /** The value the parser is at: a map, a list, text (numbers as written), a boolean or null. */
    private static Object value(JsonParser json) throws IOException {
        JsonToken token = json.currentToken();
        return switch (token) {
            case START_OBJECT -> object(json);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(json));
                }
                yield items;
            }
            case VALUE_TRUE, VALUE_FALSE -> token == JsonToken.VALUE_TRUE;
            case VALUE_NULL -> null;
            default -> json.getText();
        };
    }

    private static String text(Map<String, Object> fields, String key) {
        if (fields.get(key) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("it needs '" + key + "'" + (fields.containsKey(key) ? " as text" : ""));
    }

    private static boolean flag(Map<String, Object> fields, String key) {
        if (fields.get(key) instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }

    /** {@code labels} or {@code annotations}: an object of names to text, empty when absent. */
    private static Map<String, String> names(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Map.of();
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, text) -> {
                if (text instanceof String string) {
                    names.put((String) name, string);
                }
            });
            if (names.size() == map.size()) {
                return names;
            }
        }
        throw new IllegalArgumentException(key + " must be an object of names to text");
    }

    /** What the generator escapes beyond JSON's own: see the class comment. */
    private static final class RecordEscapes extends CharacterEscapes {

        private final int[] ascii;

        RecordEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            boolean escaped = (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
                    || c >= '\ufffe';
            return escaped ? new SerializedString(String.format("\\u%04X", c)) : null;
        }
    }
}
