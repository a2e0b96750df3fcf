package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escapesLineBreaksTabsAndEveryOtherControlCharacter() {
        assertThat(LogText.escape("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(LogText.escape("\u0000\u001b[2J\u007f\u0085\u009f"))
                .isEqualTo("\\u0000\\u001B[2J\\u007F\\u0085\\u009F");
        assertThat(LogText.escape("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
        assertThat(LogText.escape("\u202eevil\u2066")).isEqualTo("\\u202Eevil\\u2066");
    }

    @Test
    void leavesPrintableTextAndBackslashesAsTheyAre() {
        String text = "stack web: applied 3f2a (Ünïcødé, 日本, 😀) C:\\path \\n";
        assertThat(LogText.escape(text)).isSameAs(text);
        assertThat(LogText.escape(null)).isNull();
    }

    @Test
    void clipsLongTextSayingHowMuchWasCutWithoutSplittingASurrogatePair() {
        assertThat(LogText.clip("abcdef", 6)).isEqualTo("abcdef");
        assertThat(LogText.clip("abcdefgh", 5)).isEqualTo("abcde…(3 more)");
        assertThat(LogText.clip("abcd😀x", 5)).isEqualTo("abcd…(3 more)");
        assertThat(LogText.clip(null, 5)).isNull();
    }
}
