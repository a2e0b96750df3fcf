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
    void saysWhetherAStackOwnsItAndWhichOtherStackDoes() {
        OwnershipRecord record = OwnershipRecord.read("web", "rev1", NOW, "ab12", false, true);

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
