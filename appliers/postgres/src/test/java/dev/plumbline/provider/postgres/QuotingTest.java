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

    @Test
    void countsANamesLengthInUtf8BytesAsPostgresqlDoes() {
        assertThat(Quoting.checkName("x".repeat(63))).isEmpty();
        assertThat(Quoting.checkName("\u00e9".repeat(32))).hasValueSatisfying(why -> assertThat(why)
                .contains("is 64 bytes long in UTF-8; PostgreSQL keeps 63 bytes of a name"));
    }

    @Test
    void refusesANulInANameOrTextShowingWhereItIs() {
        assertThat(Quoting.checkName("app\0db")).hasValue("'app\\0db' holds a NUL character (shown as \\0), which"
                + " PostgreSQL cannot store; remove it");
        assertThat(Quoting.checkText("read\0")).hasValue("'read\\0' holds a NUL character (shown as \\0), which"
                + " PostgreSQL cannot store in text; remove it");
        assertThat(Quoting.checkText("reader")).isEmpty();
        assertThat(Quoting.shown("y".repeat(100))).isEqualTo("y".repeat(80) + "...");
    }
}
