package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.StalledException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a file's record goes: a mirror of its path, with the two cases that could collide mapped apart. */
class RecordLayoutTest {

    @Test
    void aRecordMirrorsThePathOfItsFile() {
        assertThat(RecordLayout.record("web", RelativePath.parse("nginx/site.conf")))
                .hasToString(".plumbline/stacks/web/nginx/site.conf.yaml");
        assertThat(RecordLayout.record("web", RelativePath.parse("motd")))
                .hasToString(".plumbline/stacks/web/motd.yaml");
        assertThat(RecordLayout.directory("web")).hasToString(".plumbline/stacks/web");
    }

    @Test
    void aDirectoryNamedLikeARecordCannotCollideWithOne() {
        assertThat(RecordLayout.record("web", RelativePath.parse("x"))).hasToString(".plumbline/stacks/web/x.yaml");
        assertThat(RecordLayout.record("web", RelativePath.parse("x.yaml/y")))
                .hasToString(".plumbline/stacks/web/x.yaml_/y.yaml");
        assertThat(RecordLayout.record("web", RelativePath.parse("x.yaml_/y")))
                .hasToString(".plumbline/stacks/web/x.yaml__/y.yaml");
        assertThat(RecordLayout.record("web", RelativePath.parse("x.yml/y")))
                .hasToString(".plumbline/stacks/web/x.yml/y.yaml");
    }

    @Test
    void aNameTooLongForTheSuffixIsShortenedWithAHash() {
        String first = "a".repeat(248) + "-one";
        String second = "a".repeat(248) + "-two";
        String accented = "é".repeat(126);

        String one = RecordLayout.record("web", RelativePath.parse(first)).fileName();
        String two = RecordLayout.record("web", RelativePath.parse(second)).fileName();
        String three = RecordLayout.record("web", RelativePath.parse(accented)).fileName();

        assertThat(List.of(one, two, three)).allSatisfy(name -> {
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            assertThat(name).endsWith(".yaml").contains("~");
        });
        assertThat(one).isNotEqualTo(two).startsWith("a".repeat(200));
        assertThat(three).startsWith("é".repeat(100));
        assertThat(RecordLayout.record("web", RelativePath.parse("a".repeat(250))).fileName())
                .isEqualTo("a".repeat(250) + ".yaml");
    }

    @Test
    void theFastPlaceOfARecordIsItsPathInTheLedgerInEveryCase() {
        for (String path : List.of("nginx/site.conf", "motd", "x.yaml/y", "x.yaml_/y", "a.yaml", "d/x.yaml",
                "a".repeat(248) + "-one", "é".repeat(126), "é".repeat(83), "d/" + "a".repeat(250), "ü/b.yaml/c")) {
            RelativePath parsed = RelativePath.parse(path);
            assertThat(RecordLayout.place(parsed)).as(path)
                    .isEqualTo(RecordLayout.record("web", parsed).toString().substring(".plumbline/stacks/web/".length()));
        }
    }

    @Test
    void aStackNameThatCannotNameADirectoryIsRefused() {
        StalledException refused = catchThrowableOfType(StalledException.class,
                () -> RecordLayout.directory("../web"));

        assertThat(refused.reason()).isEqualTo("UnsafePath");
    }
}
