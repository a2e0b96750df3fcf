package dev.plumbline.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationTest {

    @Test
    void aFileNameWithALineBreakCannotForgeAnotherProblemLine() {
        Location forged = Location.of("stacks/bad/forged\nstacks/bad/base.yaml:1:1: all is fine.yaml", 3, 19);

        assertThat(forged.toString()).isEqualTo("stacks/bad/forged\\u000Astacks/bad/base.yaml:1:1: all is fine.yaml:3:19")
                .doesNotContain("\n");
        assertThat(Location.file("a\tb.yaml").toString()).isEqualTo("a\\u0009b.yaml");
        assertThat(Location.of("stacks/web/café.yaml", 1, 2).toString()).isEqualTo("stacks/web/café.yaml:1:2");
    }

    @Test
    void controlCharactersAreFoundAndShownEscapedAndPairsAreKept() {
        assertThat(ControlCharacters.first("ok \uD83D\uDE00")).isEmpty();
        assertThat(ControlCharacters.first("a\u007Fb")).contains("\\u007F");
        assertThat(ControlCharacters.first("half\uDC00")).contains("\\uDC00");
        assertThat(ControlCharacters.shown("\u001B[2J\uD83D\uDE00")).isEqualTo("\\u001B[2J\uD83D\uDE00");
    }
}
