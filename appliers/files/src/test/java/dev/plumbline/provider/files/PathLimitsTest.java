package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quick count of {@link PathLimits#underRoot} agrees with building every path, around every limit. */
class PathLimitsTest {

    @Test
    void theQuickCountAgreesWithBuildingEveryPathAroundTheLimits() {
        List<Path> roots = List.of(Path.of("/"), Path.of("/srv/app-config"), Path.of("/" + "r".repeat(300)));
        List<String> shapes = List.of("d", "é", "x.yaml", "€", "😀", "a.yaml__");
        int checked = 0;
        for (Path root : roots) {
            for (String shape : shapes) {
                for (int length = 3700; length <= 4100; length += 7) {
                    String path = path(shape, length);
                    RelativePath parsed;
                    try {
                        parsed = RelativePath.parse(path);
                    } catch (IllegalArgumentException tooLong) {
                        continue;
                    }
                    assertThat(PathLimits.underRoot(root, parsed)).as(root + " " + shape + " " + length)
                            .isEqualTo(PathLimits.explain(root, parsed));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void aDirectoryThatGrowsPastNameMaxInTheLedgerIsCaught() {
        RelativePath path = RelativePath.parse("a".repeat(250) + ".yaml/f");

        assertThat(PathLimits.underRoot(Path.of("/srv"), path)).hasValueSatisfying(message ->
                assertThat(message).contains("NAME_MAX"));
    }

    /** A path of about {@code length} characters: directories of up to 60 repetitions of {@code shape}, then a file. */
    private static String path(String shape, int length) {
        StringBuilder path = new StringBuilder();
        while (path.length() < length - 70) {
            path.append(shape.repeat(Math.max(1, 60 / shape.length()))).append('/');
        }
        return path.append("f".repeat(Math.max(1, length - path.length()))).toString();
    }
}
