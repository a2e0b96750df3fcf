package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Provenance;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The provenance line in an object's comment: its text, reading it back, and living beside other text. */
class ProvenanceCommentTest {

    private static final Stamp WEB = new Stamp(new Provenance("web", "3f2c9a1e",
            Instant.parse("2025-06-01T12:00:00Z")), true, false);

    @Test
    void writesOneLineOfWords() {
        assertThat(ProvenanceComment.line(WEB))
                .isEqualTo("plumbline: stack=web revision=3f2c9a1e applied=2025-06-01T12:00:00Z created=true");
        assertThat(ProvenanceComment.line(new Stamp(WEB.provenance(), false, true)))
                .endsWith(" created=false dropWithConnections=true");
    }

    @Test
    void readsBackWhatItWrote() {
        Stamp odd = new Stamp(new Provenance("a stack=1%", "rev 2", Instant.parse("2025-06-02T08:30:00.123Z")),
                false, true);

        assertThat(ProvenanceComment.parse(ProvenanceComment.line(WEB))).hasValue(WEB);
        assertThat(ProvenanceComment.parse(ProvenanceComment.line(odd))).hasValue(odd);
        assertThat(ProvenanceComment.line(odd)).contains("stack=a%20stack%3D1%25 revision=rev%202");
    }

    @Test
    void keepsWhatTheCommentSaidBeforeAndGivesItBack() {
        String merged = ProvenanceComment.merge("Orders of the shop.\nOwned by team A.", WEB);

        assertThat(merged).isEqualTo("Orders of the shop.\nOwned by team A.\n" + ProvenanceComment.line(WEB));
        assertThat(ProvenanceComment.parse(merged)).hasValue(WEB);
        Stamp later = new Stamp(new Provenance("web", "4e5d", Instant.parse("2025-07-01T00:00:00Z")), true, false);
        assertThat(ProvenanceComment.merge(merged, later))
                .isEqualTo("Orders of the shop.\nOwned by team A.\n" + ProvenanceComment.line(later));
        assertThat(ProvenanceComment.strip(merged)).hasValue("Orders of the shop.\nOwned by team A.");
        assertThat(ProvenanceComment.strip(ProvenanceComment.line(WEB))).isEmpty();
        assertThat(ProvenanceComment.merge(null, WEB)).isEqualTo(ProvenanceComment.line(WEB));
    }

    @Test
    void ignoresCommentsWithoutAWellFormedStamp() {
        assertThat(ProvenanceComment.parse(null)).isEmpty();
        assertThat(ProvenanceComment.parse("just a comment")).isEmpty();
        assertThat(ProvenanceComment.parse("plumbline: stack=web")).isEmpty();
        assertThat(ProvenanceComment.parse("plumbline: stack=web revision=1 applied=yesterday")).isEmpty();
    }
}
