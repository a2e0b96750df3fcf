package dev.plumbline.source.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RefUpdateTest {

    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    private static final String SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void saysWhetherTheRefWasCreatedMovedOrDeleted() {
        assertThat(RefUpdate.created("refs/heads/main", SHA1).isCreated()).isTrue();
        assertThat(RefUpdate.created("refs/heads/main", SHA1).isDeleted()).isFalse();
        assertThat(RefUpdate.moved("refs/heads/main", SHA1, SHA256).isCreated()).isFalse();
        assertThat(RefUpdate.moved("refs/heads/main", SHA1, SHA256).isDeleted()).isFalse();
        assertThat(RefUpdate.deleted("refs/heads/main", SHA1).isDeleted()).isTrue();
        assertThat(RefUpdate.deleted("refs/heads/main", SHA1).after()).isNull();
    }

    @Test
    void namesBranchesAndTagsShortly() {
        assertThat(RefUpdate.created("refs/heads/feature/tls", SHA1).shortName()).isEqualTo("feature/tls");
        assertThat(RefUpdate.created("refs/heads/feature/tls", SHA1).isBranch()).isTrue();
        assertThat(RefUpdate.created("refs/tags/v1.0", SHA1).shortName()).isEqualTo("v1.0");
        assertThat(RefUpdate.created("refs/tags/v1.0", SHA1).isTag()).isTrue();
        assertThat(RefUpdate.created("refs/notes/commits", SHA1).shortName()).isEqualTo("refs/notes/commits");
    }

    @Test
    void writesShasInLowerCase() {
        assertThat(RefUpdate.created("refs/heads/main", SHA1.toUpperCase(Locale.ROOT)).after()).isEqualTo(SHA1);
    }

    @Test
    void refusesWhatIsNotAFullRefOrASha() {
        assertThatThrownBy(() -> RefUpdate.created("main", SHA1)).hasMessageContaining("full ref");
        assertThatThrownBy(() -> RefUpdate.created("refs/", SHA1)).hasMessageContaining("full ref");
        assertThatThrownBy(() -> RefUpdate.created("refs/heads/main", SHA1.substring(1))).hasMessageContaining("40 or 64");
        assertThatThrownBy(() -> RefUpdate.created("refs/heads/main", SHA1 + "0")).hasMessageContaining("40 or 64");
        assertThatThrownBy(() -> RefUpdate.created("refs/heads/main", "0".repeat(40))).hasMessageContaining("null");
        assertThatThrownBy(() -> new RefUpdate("refs/heads/main", null, null)).hasMessageContaining("before or after");
    }
}
