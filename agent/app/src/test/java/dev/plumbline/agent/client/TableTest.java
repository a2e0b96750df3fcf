package dev.plumbline.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsToTheWidestCellWithoutTrailingSpaces() {
        String table = new Table("NAME", "READY", "MESSAGE")
                .row("web", "True", "")
                .row("database", null, "two\nlines")
                .render();

        assertThat(table).isEqualTo("""
                NAME       READY   MESSAGE
                web        True    -
                database   -       two lines
                """);
    }

    @Test
    void indentsEveryLine() {
        assertThat(new Table("A", "B").row(1, 2).render("  ")).isEqualTo("  A   B\n  1   2\n");
    }

    @Test
    void truncatesWithAnEllipsis() {
        assertThat(Table.truncate("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(Table.truncate("abcde", 5)).isEqualTo("abcde");
        assertThat(Table.truncate(null, 5)).isNull();
    }

    @Test
    void aRowHasOneCellPerColumn() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
