package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.model.Values;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.YamlParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;

/**
 * The text of a provenance record: records written before labels and annotations were kept (by the
 * hand-written JSON of earlier versions) still read, labels and annotations go round, and what a terminal or
 * a YAML reader could trip over is escaped.
 */
class KeyRecordJsonTest {

    private static final String SHA256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    /** What the earlier, hand-escaped writer wrote for a KeySet entry whose key holds odd characters. */
    private static final String EARLIER = "{\"key\":\"app/\\\"q\\\"\\\\\\u0085\\u2028caf\u00e9\",\"stack\":\"web\","
            + "\"kind\":\"KeySet\",\"resource\":\"limits\",\"prefix\":\"app/\",\"revision\":\"9fceb02\","
            + "\"appliedAt\":\"2025-06-01T12:00:00Z\",\"sha256\":\"" + SHA256 + "\",\"created\":false,"
            + "\"sensitive\":false}";

    private static KeyRecord record(RecordedMetadata metadata) {
        return new KeyRecord(new KeyPath("app/url"), "Key", "app-url", "", new OwnershipRecord("web", "rev1",
                Instant.parse("2025-06-01T12:00:00Z"), Optional.of(SHA256), true, false, metadata));
    }

    @Test
    void aRecordOfTheEarlierFormatReadsAsItWasWithNoLabelsOrAnnotations() {
        KeyRecord read = KeyRecordJson.read("web", "/config/.plumbline/owners/web/x", EARLIER);

        assertThat(read.key()).isEqualTo(new KeyPath("app/\"q\"\\\u0085\u2028caf\u00e9"));
        assertThat(read.kind()).isEqualTo("KeySet");
        assertThat(read.resource()).isEqualTo("limits");
        assertThat(read.prefix()).isEqualTo("app/");
        assertThat(read.owner()).isEqualTo(OwnershipRecord.read("web", "9fceb02",
                Instant.parse("2025-06-01T12:00:00Z"), Optional.of(SHA256), false, false));
        assertThat(read.metadata()).isEqualTo(RecordedMetadata.NONE);
        assertThat(KeyRecordJson.write(read)).isEqualTo(EARLIER);
    }

    @Test
    void aRecordWithoutLabelsIsWrittenAsBeforeAndOneWithThemKeepsThem() {
        assertThat(KeyRecordJson.write(record(RecordedMetadata.NONE))).isEqualTo("{\"key\":\"app/url\","
                + "\"stack\":\"web\",\"kind\":\"Key\",\"resource\":\"app-url\",\"revision\":\"rev1\","
                + "\"appliedAt\":\"2025-06-01T12:00:00Z\",\"sha256\":\"" + SHA256 + "\",\"created\":true,"
                + "\"sensitive\":false}");

        RecordedMetadata metadata = new RecordedMetadata(Map.of("tier", "front", "team", "web"),
                Map.of("note", "line one\nline two", "example.com/owner", "ops"));
        String text = KeyRecordJson.write(record(metadata));

        assertThat(text).endsWith(",\"labels\":{\"team\":\"web\",\"tier\":\"front\"},\"annotations\":"
                + "{\"example.com/owner\":\"ops\",\"note\":\"line one\\nline two\"}}");
        assertThat(KeyRecordJson.read("web", "x", text)).isEqualTo(record(metadata));
        assertThat(KeyRecordJson.metadataBytes(metadata)).isEqualTo(
                text.getBytes(StandardCharsets.UTF_8).length
                        - KeyRecordJson.write(record(RecordedMetadata.NONE)).getBytes(StandardCharsets.UTF_8).length);
        assertThat(KeyRecordJson.metadataBytes(RecordedMetadata.NONE)).isZero();
    }

    @Test
    void controlCharactersAndLineSeparatorsAreEscapedSoTerminalsAndYamlReadersSeeTextOnly() {
        String odd = "esc\u001b[2J del\u007f csi\u009b nel\u0085 ls\u2028 ps\u2029 bom\ufeff nc\uffff caf\u00e9 \"q\" \\";
        RecordedMetadata metadata = new RecordedMetadata(Map.of(), Map.of("note", odd));

        String text = KeyRecordJson.write(record(metadata));

        assertThat(text).contains("esc\\u001B[2J del\\u007F csi\\u009B nel\\u0085 ls\\u2028 ps\\u2029 bom\\uFEFF"
                + " nc\\uFFFF caf\u00e9 \\\"q\\\" \\\\");
        assertThat(text.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || c == 0xfeff || c >= 0xfffe);
        assertThat(KeyRecordJson.read("web", "x", text).metadata()).isEqualTo(metadata);
        // what earlier versions read records with (YAML): a rolled-back agent still reads the record
        Map<String, Object> asYaml = Values.map(new Load(YamlParser.settings("x")).loadFromString(text));
        assertThat(Values.map(asYaml.get("annotations"))).isEqualTo(Map.of("note", odd));
    }

    @Test
    void whatIsNotARecordIsRefusedSayingWhy() {
        String good = KeyRecordJson.write(record(RecordedMetadata.NONE));

        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", "{not json"))
                .hasMessageStartingWith("not valid JSON: ");
        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", "[1, 2]"))
                .hasMessageStartingWith("expected a JSON object");
        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", good + "{}"))
                .hasMessageStartingWith("not valid JSON: more follows the object");
        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", good.replace("{\"key\"", "{\"stack\":\"web\",\"key\"")))
                .hasMessageContaining("Duplicate field 'stack'");
        assertThatThrownBy(() -> KeyRecordJson.read("api", "x", good))
                .hasMessage("it names stack 'web', but sits in the area of stack 'api'");
        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", good.replace("}", ",\"labels\":{\"team\":[\"web\"]}}")))
                .hasMessage("labels must be an object of names to text");
        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", good.replace("\"created\":true", "\"created\":\"yes\"")))
                .hasMessage("created must be true or false");
        assertThatThrownBy(() -> KeyRecordJson.read("web", "x", good.replace("\"resource\":\"app-url\",", "")))
                .hasMessage("it needs 'resource'");
    }
}
