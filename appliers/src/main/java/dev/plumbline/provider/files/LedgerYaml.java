package dev.plumbline.provider.files;

import dev.plumbline.model.Values;
import dev.plumbline.yaml.YamlParser;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The text form of a {@link Ledger}: plain YAML a person can read without the agent's state store.
 * <pre>
 * stack: web
 * files:
 * - path: nginx/site.conf
 *   resource: site-conf
 *   revision: 9fceb02d0ae598e95dc970b74767f19372d61af8
 *   appliedAt: 2025-06-01T12:00:00Z
 *   sha256: 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
 *   created: true
 * </pre>
 * {@code pending: true} is written only while a write is under way.
 */
final class LedgerYaml {

    private static final DumpSettings DUMP = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setSchema(new CoreSchema())
            .setSplitLines(false)
            .build();

    private LedgerYaml() {
    }

    static String write(Ledger ledger) {
        List<Object> files = new ArrayList<>();
        for (LedgerEntry entry : ledger.entries().values()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", entry.path().toString());
            file.put("resource", entry.resource());
            file.put("revision", entry.revision());
            file.put("appliedAt", entry.appliedAt().toString());
            file.put("sha256", entry.sha256());
            file.put("created", entry.created());
            if (entry.pending()) {
                file.put("pending", true);
            }
            files.add(file);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("stack", ledger.stack());
        document.put("files", files);
        return "# Plumbline files ledger of stack '" + ledger.stack() + "': the files it wrote under this"
                + " provider's root, and from which commit.\n"
                + "# created: false means the file existed before and was adopted; prune leaves it in place.\n"
                + "# The agent rewrites this file around every write; edit it only while the agent is stopped.\n"
                + new Dump(DUMP).dumpToString(document);
    }

    /**
     * Reads a ledger written by {@link #write}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static Ledger read(String stack, String file, String text) {
        Object loaded;
        try {
            loaded = new Load(YamlParser.settings(file)).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        if (loaded == null) {
            return Ledger.empty(stack);
        }
        if (!(loaded instanceof Map<?, ?> document)) {
            throw new IllegalArgumentException("expected a mapping with 'stack' and 'files'");
        }
        List<LedgerEntry> entries = new ArrayList<>();
        int index = 0;
        for (Object item : Values.list(document.get("files"))) {
            entries.add(entry(Values.map(item), "files[" + index++ + "]"));
        }
        return Ledger.of(stack, entries);
    }

    private static LedgerEntry entry(Map<String, Object> file, String where) {
        try {
            return new LedgerEntry(RelativePath.parse(text(file, "path", where)), text(file, "resource", where),
                    text(file, "revision", where), Instant.parse(text(file, "appliedAt", where)),
                    text(file, "sha256", where), flag(file, "created", where, null),
                    flag(file, "pending", where, false));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ".appliedAt is not an ISO-8601 instant: "
                    + e.getParsedString(), e);
        }
    }

    private static String text(Map<String, Object> file, String key, String where) {
        Object value = file.get(key);
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException(where + " needs '" + key + "'");
        }
        return String.valueOf(value);
    }

    private static boolean flag(Map<String, Object> file, String key, String where, Boolean absent) {
        Object value = file.get(key);
        if (value == null && absent != null) {
            return absent;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new IllegalArgumentException(where + "." + key + " must be true or false");
    }
}
