package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Values;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.YamlParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The quick reading of a record's text gives what the YAML parser gives, or leaves the text to it; the quick
 * writing gives what the YAML emitter gives, or leaves the record to it.
 */
class RecordTextTest {

    private static final ApplyContext CONTEXT = new ApplyContext("web", "9fceb02d0ae598e95dc970b74767f19372d61af8",
            Instant.parse("2025-06-01T12:00:00Z"));

    @Test
    void aRecordAsWrittenIsReadWithoutTheParserAndAsTheParserReadsIt() {
        FileRecord record = record("nginx/site.conf", "site-conf", RecordedMetadata.NONE, false);
        String text = RecordYaml.write(record);

        assertThat(RecordText.read(text)).isNotNull().isEqualTo(parsed(text));
        assertThat(RecordYaml.read("web", "f", text)).isEqualTo(record);
        String applied = RecordYaml.write(record.applied());
        assertThat(RecordText.read(applied)).isNotNull().isEqualTo(parsed(applied));
    }

    @Test
    void everyRecordWrittenReadsTheSameQuicklyOrIsLeftToTheParser() {
        List<String> paths = List.of("a", "nginx/site.conf", ".hidden/x", "a:b/c", "#x", "d/-x", "1", "0x1F", ".5",
                "true", "null", "~x", "a b", "é/ü", "x.yaml/y", "a=b@c+d", "12e3", "_/x", "a/b:", "it's");
        List<String> values = List.of("web", "1", "true", "yes", "0o17", "a: b", "x#y", "é", "", " lead", "a/b",
                "NULL", "-x", "x-", ".inf", "v1.2.3", "app.kubernetes.io/name");
        List<String> texts = new ArrayList<>();
        List<FileRecord> records = new ArrayList<>();
        for (String path : paths) {
            for (String value : values) {
                RecordedMetadata metadata = value.isEmpty() ? RecordedMetadata.NONE
                        : new RecordedMetadata(Map.of("team", value, value.isBlank() ? "k" : value, "x"),
                        Map.of("example.org/contact", value));
                FileRecord record = record(path, "r-" + Math.abs(value.hashCode()), metadata, value.length() % 2 == 0);
                texts.add(RecordYaml.write(record));
                records.add(record);
                records.add(record.applied());
            }
        }
        texts.add("path: a\nstack: web\nresource: r\nrevision: 1\nappliedAt: 2025-06-01T12:00:00Z\nsha256: x\n"
                + "created: True\n");
        texts.add("path: a\npath: b\n");
        texts.add("path: a\nlabels:\nstack: web\n");
        texts.add("path: a\nlabels: {}\n");
        texts.add("path: a\n  team: web\n");
        texts.add("path: a\r\nstack: web\r\n");
        texts.add("---\npath: a\n");
        texts.add("path: a\nlabels:\n    team: web\n");
        int quick = 0;
        int written = 0;
        for (FileRecord record : records) {
            Map<String, Object> fields = RecordYaml.values(record);
            String text = RecordText.write(fields);
            if (text != null) {
                written++;
                assertThat(text).as(fields.toString()).isEqualTo(RecordYaml.emit(fields));
            }
        }
        assertThat(written).isGreaterThan(40);
        for (String text : texts) {
            Map<String, Object> fields = RecordText.read(text);
            if (fields != null) {
                quick++;
                assertThat(fields).as(text).isEqualTo(parsed(text));
            }
        }
        assertThat(quick).isGreaterThan(40); // the plain ones: most records are
    }

    private static FileRecord record(String path, String resource, RecordedMetadata metadata, boolean sensitive) {
        FileSpec spec = new FileSpec(RelativePath.parse(path), sensitive ? FileContent.secret("s")
                : FileContent.text("x"), FileMode.DEFAULT);
        return FileRecord.intent(spec, metadata, resource, CONTEXT, !sensitive);
    }

    /** What the YAML parser makes of {@code text}, or null when it refuses it. */
    private static Map<String, Object> parsed(String text) {
        try {
            return Values.map(new Load(YamlParser.settings("f")).loadFromString(text));
        } catch (YamlEngineException | ClassCastException | IllegalArgumentException refused) {
            return null;
        }
    }
}
