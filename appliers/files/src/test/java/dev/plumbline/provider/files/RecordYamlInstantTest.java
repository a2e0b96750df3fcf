package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordYamlInstantTest {

    @Test
    void readsWhatInstantToStringWritesAsInstantParseDoes() {
        Random random = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong() % 300_000_000_000L, switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            });
            String text = instant.toString();
            assertThat(RecordYaml.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void readsOtherShapesAndRefusesWhatInstantParseRefuses() {
        for (String text : List.of("2024-02-29T23:59:59Z", "2000-01-01T00:00:00.5Z", "2000-01-01T00:00:00.123456789Z",
                "0000-01-01T00:00:00Z", "2000-01-01T24:00:00Z", "2016-12-31T23:59:60Z", "+12345-01-01T00:00:00Z",
                "2000-01-01T00:00:00+01:00", "2000-01-01T00:00:00.Z")) {
            Instant parsed;
            try {
                parsed = Instant.parse(text);
            } catch (DateTimeParseException refused) {
                assertThatThrownBy(() -> RecordYaml.instant(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(RecordYaml.instant(text)).as(text).isEqualTo(parsed);
        }
        for (String text : List.of("2023-02-29T00:00:00Z", "2000-13-01T00:00:00Z", "2000-00-10T00:00:00Z",
                "2000-01-32T00:00:00Z", "2000-01-01T00:60:00Z", "2000-01-01T00:00:00",
                "2000-01-01 00:00:00Z", "2000-01-01T00:00:00.1234567890Z", "yesterday", "")) {
            assertThatThrownBy(() -> RecordYaml.instant(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
