package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an observation answers, from its indexes: revisions under ranges read, foreign keys, records by resource. */
class ObservationTest {

    private static final KeyLayout LAYOUT = new KeyLayout("/config/");
    private static final ApplyContext CONTEXT = new ApplyContext("web", "rev1", Instant.parse("2025-06-01T12:00:00Z"));

    private static KeyRecord record(String key, String kind, String resource) {
        return KeyRecord.written(new KeyPath(key), kind, resource, "", EtcdValue.text("v"), RecordedMetadata.NONE,
                CONTEXT, true);
    }

    private final Observation observed = new Observation("web",
            Map.of("/config/app/url", 7L, "/config/set/a", 9L),
            List.of("/config/set/", "/config/.plumbline/owners/"),
            Map.of(new KeyPath("app/url"), "h1", new KeyPath("set/a"), "h2", new KeyPath("set/b/c"), "h3",
                    new KeyPath("set0"), "h4", new KeyPath("sets/x"), "h5"),
            Map.of(new KeyPath("set/a"), record("set/a", "KeySet", "s"), new KeyPath("app/url"),
                    record("app/url", "Key", "url"), new KeyPath("set/0"), record("set/0", "KeySet", "s")),
            Map.of());

    @Test
    void aKeyReadIsItsRevisionAKeyUnderARangeReadIsAbsentAnyOtherWasNotRead() {
        assertThat(observed.revision("/config/app/url")).hasValue(7);
        assertThat(observed.revision("/config/set/new/deep")).as("under a range read, not found: absent").hasValue(0);
        assertThat(observed.revision("/config/.plumbline/owners/web/app/x")).hasValue(0);
        assertThat(observed.revision("/config/sets/x")).as("not under /config/set/").isEmpty();
        assertThat(observed.revision("/config/app/other")).isEmpty();
    }

    @Test
    void foreignKeysUnderAPrefixAreThoseWithoutARecordOfThisStackInKeyOrder() {
        assertThat(observed.foreignUnder(new KeyPath("set/"))).containsExactly(new KeyPath("set/b/c"));
        assertThat(observed.foreignUnder(new KeyPath("app/"))).isEmpty();
    }

    @Test
    void theRecordsOfOneResourceInKeyOrder() {
        assertThat(observed.ownOf("KeySet", "s")).extracting(KeyRecord::key)
                .containsExactly(new KeyPath("set/0"), new KeyPath("set/a"));
        assertThat(observed.ownOf("Key", "s")).isEmpty();
    }

    @Test
    void committedTransactionsMoveItOnInTheirOrder() {
        KeyPath url = new KeyPath("app/url");
        Observation after = observed.after(List.of(
                new Observation.Committed(List.of(new KeyWrite.PutData(url, EtcdValue.text("new"))), 20),
                new Observation.Committed(List.of(new KeyWrite.DeleteData(new KeyPath("set/a")),
                        new KeyWrite.DeleteRecord(new KeyPath("set/a"))), 21)), LAYOUT);

        assertThat(after.revision("/config/app/url")).hasValue(20);
        assertThat(after.digest(url)).hasValue(EtcdValue.text("new").sha256());
        assertThat(after.revision("/config/set/a")).hasValue(0);
        assertThat(after.has(new KeyPath("set/a"))).isFalse();
        assertThat(after.ownOf("KeySet", "s")).extracting(KeyRecord::key).containsExactly(new KeyPath("set/0"));
    }
}
