package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names and text as they go into SQL. */
class QuotingTest {

    @Test
    void quotesEveryIdentifier() {
        assertThat(Quoting.identifier("app")).isEqualTo("\"app\"");
        assertThat(Quoting.identifier("user")).isEqualTo("\"user\"");
        assertThat(Quoting.identifier("my-app")).isEqualTo("\"my-app\"");
        assertThat(Quoting.identifier("a\"; DROP ROLE x; --")).isEqualTo("\"a\"\"; DROP ROLE x; --\"");
    }

    @Test
    void quotesLiteralsWhateverStandardConformingStringsSays() {
        assertThat(Quoting.literal("it's")).isEqualTo("'it''s'");
        assertThat(Quoting.literal("a\\b'c")).isEqualTo("E'a\\\\b''c'");
        assertThatThrownBy(() -> Quoting.literal("nul\0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsOnlyPlainNames() {
        assertThat(Quoting.checkName("app_owner")).isEmpty();
        assertThat(Quoting.checkName("uuid-ossp")).isEmpty();
        assertThat(Quoting.checkName("_private2")).isEmpty();
        assertThat(Quoting.checkName("App")).hasValueSatisfying(why -> assertThat(why).contains("not a plain name"));
        assertThat(Quoting.checkName("a b")).isPresent();
        assertThat(Quoting.checkName("a\"b")).isPresent();
        assertThat(Quoting.checkName("1st")).isPresent();
        assertThat(Quoting.checkName("")).hasValue("the name is empty");
        assertThat(Quoting.checkName("x".repeat(64))).hasValueSatisfying(why -> assertThat(why).contains("63 bytes"));
    }
}
