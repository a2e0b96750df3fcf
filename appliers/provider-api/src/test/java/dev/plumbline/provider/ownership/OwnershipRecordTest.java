package dev.plumbline.provider.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.ApplyContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record every provider keeps of who owns an object, and the questions asked of it. */
class OwnershipRecordTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ResourceKey KEY = new ResourceKey("p", "test.plumbline.dev", "Thing", "", "one");

    @Test
    void aWriteRecordsTheStackRevisionTimeAndHashOfItsContext() {
        OwnershipRecord record = OwnershipRecord.written(new ApplyContext("web", "rev1", NOW), "ab12", true, false);

        assertThat(record.provenance()).isEqualTo(new Provenance("web", "rev1", NOW));
        assertThat(record.sha256()).hasValue("ab12");
        assertThat(record.created()).isTrue();
        assertThat(record.adopted()).isFalse();
        assertThat(record.sensitive()).isFalse();
    }

    @Test
    void aWriteOfASecretKeepsNoHashOfIt() {
        OwnershipRecord record = OwnershipRecord.written(new ApplyContext("web", "rev1", NOW), "ab12", true, true);

        assertThat(record.sha256()).isEmpty();
        assertThat(record.sensitive()).isTrue();
    }

    @Test
    void recordedLabelsAndAnnotationsAreTheLiveObjectsMetadataAsAResourceStatesIt() {
        RecordedMetadata metadata = new RecordedMetadata(Map.of("team", "web"), Map.of("note", "x"));
        OwnershipRecord record = OwnershipRecord.written(new ApplyContext("web", "rev1", NOW), "ab12", true, false)
                .withMetadata(metadata);

        LiveObject live = record.live(KEY, Map.of("spec", Map.of("a", "b")));

        assertThat(live.state()).isEqualTo(Map.of("metadata", Map.of("labels", Map.of("team", "web"),
                "annotations", Map.of("note", "x")), "spec", Map.of("a", "b")));
        assertThat(record.withMetadata(new RecordedMetadata(Map.of("team", "web"), Map.of())).live(KEY, Map.of())
                .state()).isEqualTo(Map.of("metadata", Map.of("labels", Map.of("team", "web"))));
        assertThat(record.withMetadata(RecordedMetadata.NONE).live(KEY, Map.of("spec", Map.of())).state())
                .isEqualTo(Map.of("spec", Map.of()));
    }

    @Test
    void saysWhetherAStackOwnsItAndWhichOtherStackDoes() {
        OwnershipRecord record = OwnershipRecord.read("web", "rev1", NOW, java.util.Optional.of("ab12"), false, true);

        assertThat(record.ownedBy("web")).isTrue();
        assertThat(record.ownedBy("api")).isFalse();
        assertThat(record.ownerOtherThan("web")).isEmpty();
        assertThat(record.ownerOtherThan("api")).hasValue("web");
    }

    @Test
    void aLiveObjectCarriesItsProvenanceAndWhetherItWasAdopted() {
        LiveObject adopted = OwnershipRecord.stamped(new Provenance("web", "rev1", NOW), false)
                .live(KEY, Map.of("spec", Map.of("a", "b")));

        assertThat(adopted.managedBy()).hasValue("web");
        assertThat(adopted.adopted()).isTrue();
        assertThat(adopted.provenance()).map(Provenance::revision).hasValue("rev1");
        assertThat(OwnershipRecord.stamped(new Provenance("web", "rev1", NOW), true).sha256()).isEmpty();
    }

    @Test
    void aConflictIsStalledWithAStableReasonAndSaysWhatToDo() {
        OwnedByAnotherStack conflict = new OwnedByAnotherStack("key /config/a belongs to Key a of stack 'web'",
                "a key");

        assertThat(conflict.reason()).isEqualTo("OwnedByAnotherStack");
        assertThat(conflict.getMessage()).isEqualTo("key /config/a belongs to Key a of stack 'web'; a key has one"
                + " owner, so remove it from one of the two stacks");
    }
}
