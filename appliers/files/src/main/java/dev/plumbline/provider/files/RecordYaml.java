package dev.plumbline.provider.files;

import dev.plumbline.model.Values;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.YamlParser;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The text of a {@link FileRecord}: a few lines of plain YAML a person can read with {@code cat} or
 * {@code grep}, without the agent's state store.
 * <pre>
 * # Plumbline ownership record: the file at 'path' belongs to stack 'web'.
 * # created: false means it existed before and was adopted; prune leaves it in place.
 * path: nginx/site.conf
 * stack: web
 * resource: site-conf
 * revision: 9fceb02d0ae598e95dc970b74767f19372d61af8
 * appliedAt: 2025-06-01T12:00:00Z
 * sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
 * created: true
 * labels:
 *   team: web
 * annotations:
 *   example.org/owner: platform
 * </pre>
 * The record of a file written from a secret has {@code sensitive: true} and no {@code sha256}: a plain hash
 * of a short secret gives it away. {@code pending: true} is written only while a write is under way.
 * {@code labels} and {@code annotations} are the File's own (a file cannot carry them), each written only when
 * the File has some, so that they are read back and compared like any other field. Values are quoted only
 * where YAML needs it (a path with a {@code :} or a leading {@code #}, a label value like {@code '1'}, say).
 */
final class RecordYaml {

    private static final DumpSettings DUMP = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setSchema(new CoreSchema())
            .setSplitLines(false)
            .build();

    private RecordYaml() {
    }

    static String write(FileRecord record) {
        return "# Plumbline ownership record: the file at 'path' belongs to stack '" + record.stack() + "'.\n"
                + "# created: false means it existed before and was adopted; prune leaves it in place.\n"
                + fields(record);
    }

    /** The fields of {@code record} as {@link #write} writes them, without the comment above them. */
    static String fields(FileRecord record) {
        Map<String, Object> fields = values(record);
        String quick = RecordText.write(fields); // the usual record, written without the emitter
        return quick != null ? quick : emit(fields);
    }

    /** What the YAML emitter writes for {@code fields}. */
    static String emit(Map<String, Object> fields) {
        return new Dump(DUMP).dumpToString(fields);
    }

    /** The fields of {@code record}, in the order they are written. */
    static Map<String, Object> values(FileRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        OwnershipRecord owner = record.owner();
        fields.put("path", record.path().toString());
        fields.put("stack", owner.stack());
        fields.put("resource", record.resource());
        fields.put("revision", owner.revision());
        fields.put("appliedAt", owner.appliedAt().toString());
        owner.sha256().ifPresent(sha256 -> fields.put("sha256", sha256)); // none for a secret
        fields.put("created", owner.created());
        if (record.pending()) {
            fields.put("pending", true);
        }
        if (owner.sensitive()) {
            fields.put("sensitive", true);
        }
        if (!owner.metadata().labels().isEmpty()) {
            fields.put("labels", owner.metadata().labels());
        }
        if (!owner.metadata().annotations().isEmpty()) {
            fields.put("annotations", owner.metadata().annotations());
        }
        return fields;
    }

    /**
     * Reads a record written by {@link #write}, found in the ledger of {@code stack}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static FileRecord read(String stack, String file, String text) {
        Object loaded = RecordText.read(text); // the layout written here, read without a parser
        if (loaded == null) {
            try {
                loaded = new Load(YamlParser.settings(file)).loadFromString(text);
            } catch (YamlEngineException e) {
                throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
            }
        }
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping with path, stack, resource, revision, appliedAt,"
                    + " sha256 and created");
        }
        Map<String, Object> fields = Values.map(loaded);
        if (fields.containsKey("stack") && !stack.equals(String.valueOf(fields.get("stack")))) {
            throw new IllegalArgumentException("it names stack '" + fields.get("stack") + "', but sits in the ledger"
                    + " of stack '" + stack + "'");
        }
        try {
            RelativePath path = RelativePath.parse(text(fields, "path"));
            String resource = text(fields, "resource");
            String revision = text(fields, "revision");
            Instant appliedAt = instant(text(fields, "appliedAt"));
            boolean sensitive = flag(fields, "sensitive", false);
            Optional<String> sha256 = sensitive && !fields.containsKey("sha256") ? Optional.empty()
                    : Optional.of(text(fields, "sha256"));
            boolean created = flag(fields, "created", null);
            boolean pending = flag(fields, "pending", false);
            Map<String, String> labels = texts(fields, "labels");
            Map<String, String> annotations = texts(fields, "annotations");
            RecordedMetadata metadata = labels.isEmpty() && annotations.isEmpty() ? RecordedMetadata.NONE
                    : new RecordedMetadata(labels, annotations);
            return new FileRecord(path, resource, OwnershipRecord.read(stack, revision, appliedAt, sha256, created,
                    sensitive).withMetadata(metadata), pending);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("appliedAt is not an ISO-8601 instant: " + e.getParsedString(), e);
        }
    }

    /**
     * {@link Instant#parse} of {@code text}, read by hand when it has the shape {@link Instant#toString} writes
     * ({@code 2025-06-01T12:00:00Z}, with up to nine digits of a second's fraction): a first plan reads every
     * record of a stack, and the formatter was a fifth of reading one. Anything else, an impossible date
     * among it, goes to {@link Instant#parse}, which accepts or refuses it as it always did.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z'
                || !digits(text, 0, 4) || text.charAt(4) != '-' || !digits(text, 5, 7) || text.charAt(7) != '-'
                || !digits(text, 8, 10) || text.charAt(10) != 'T' || !digits(text, 11, 13) || text.charAt(13) != ':'
                || !digits(text, 14, 16) || text.charAt(16) != ':' || !digits(text, 17, 19)
                || (length > 20 && (text.charAt(19) != '.' || !digits(text, 20, length - 1)))) {
            return Instant.parse(text);
        }
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(number(text, 0, 4), month).lengthOfMonth()) {
            return Instant.parse(text); // an end of day (24:00), a leap second or a date that is not one
        }
        int nanos = 0;
        for (int index = 20; index < 29; index++) {
            nanos = nanos * 10 + (index < length - 1 ? text.charAt(index) - '0' : 0);
        }
        long seconds = java.time.LocalDate.of(number(text, 0, 4), month, day).toEpochDay() * 86_400L
                + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static boolean digits(String text, int from, int to) {
        for (int index = from; index < to; index++) {
            if (text.charAt(index) < '0' || text.charAt(index) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int index = from; index < to; index++) {
            value = value * 10 + text.charAt(index) - '0';
        }
        return value;
    }

    private static String text(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("it needs '" + key + "'");
        }
        return String.valueOf(value);
    }

    /** The mapping of names to text under {@code key}; empty when there is none. */
    private static Map<String, String> texts(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(key + " must be a mapping of names to text");
        }
        Map<String, String> texts = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object text = entry.getValue();
            if (text == null || text instanceof Map<?, ?> || text instanceof List<?>) {
                throw new IllegalArgumentException(key + " must be a mapping of names to text, but '" + entry.getKey()
                        + "' holds " + (text == null ? "nothing" : text instanceof Map<?, ?> ? "a mapping" : "a list"));
            }
            texts.put(String.valueOf(entry.getKey()), String.valueOf(text));
        }
        return texts;
    }

    private static boolean flag(Map<String, Object> fields, String key, Boolean absent) {
        Object value = fields.get(key);
        if (value == null && absent != null) {
            return absent;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new IllegalArgumentException(key + " must be true or false");
    }
}
