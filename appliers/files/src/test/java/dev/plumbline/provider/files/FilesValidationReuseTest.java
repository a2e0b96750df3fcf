package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.WeakIdentityMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A resource found valid on its own is not checked again when the very same object comes back (a stack's
 * unchanged files), while conflicts between resources are checked across all of them every time.
 */
class FilesValidationReuseTest {

    private static final Path ROOT = Path.of("/nonexistent/root");

    @Test
    void keepsThePathOfEachValidResourceAndNothingOfAnInvalidOne() {
        Resource good = FileManifests.file("good", "a/b.conf", "x");
        Resource bad = FileManifests.file("bad", "../escape", "x");
        WeakIdentityMap<Resource, RelativePath> valid = new WeakIdentityMap<>();

        assertThat(FileValidator.validate(List.of(good, bad), ROOT, valid)).hasSize(1);

        assertThat(valid.get(good)).contains(RelativePath.of("a/b.conf"));
        assertThat(valid.get(bad)).isEmpty();
        // still reported the second time: a problem is never remembered as fine
        assertThat(FileValidator.validate(List.of(good, bad), ROOT, valid)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("'..'"));
    }

    @Test
    void aResourceKnownToBeValidIsNotCheckedAgain() {
        Resource first = FileManifests.file("first", "etc/app.conf", "x");
        WeakIdentityMap<Resource, RelativePath> valid = new WeakIdentityMap<>();
        // what an earlier check would have found for this very object, planted to see that it is what is used
        valid.put(first, RelativePath.of("etc/app.conf/inner"));
        Resource second = FileManifests.file("second", "etc/app.conf", "y");

        List<Problem> problems = FileValidator.validate(List.of(first, second), ROOT, valid);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.message())
                .contains("File second writes a file at 'etc/app.conf', but File first"));
    }

    @Test
    void aNewResourceThatConflictsWithOneCheckedBeforeIsStillRefused() {
        List<Resource> stack = new ArrayList<>(FileManifests.many(20, 5, "one"));
        WeakIdentityMap<Resource, RelativePath> valid = new WeakIdentityMap<>();
        assertThat(FileValidator.validate(stack, ROOT, valid)).isEmpty();

        stack.add(FileManifests.file("late", "conf/d1/file-7.conf", "z"));
        stack.add(FileManifests.file("under", "conf/d2/file-12.conf/x", "z"));

        assertThat(FileValidator.validate(stack, ROOT, valid)).map(Problem::message).containsExactly(
                "File late has the same path 'conf/d1/file-7.conf' as File file-7 (many.yaml:40:15); a path has one"
                        + " owner, so change or remove one of them",
                "File under needs 'conf/d2/file-12.conf' to be a directory for 'conf/d2/file-12.conf/x', but File"
                        + " file-12 (many.yaml:65:15) writes a file there; a path has one owner, so change or remove"
                        + " one of them");
    }
}
