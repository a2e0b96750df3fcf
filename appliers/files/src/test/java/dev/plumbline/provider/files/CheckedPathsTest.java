package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.WeakIdentityMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A stack checked before is checked again only where its resources changed, and finds what a check of the
 * whole stack finds.
 */
class CheckedPathsTest {

    private static final Path ROOT = Path.of("/nonexistent/root");

    @Test
    void looksOnlyAtTheResourcesThatAreNotTheObjectsCheckedBefore() {
        List<Resource> stack = new ArrayList<>(FileManifests.many(100, 10, "one"));
        List<RelativePath> paths = stack.stream().map(CheckedPathsTest::pathOf).toList();
        CheckedPaths checked = CheckedPaths.of(stack, paths);
        Resource changed = FileManifests.file("file-40", "conf/d4/file-40.conf", "two");
        Resource added = FileManifests.file("file-100", "conf/d10/file-100.conf", "new");
        stack.set(40, changed);
        stack.add(41, added);
        List<Resource> asked = new ArrayList<>();

        boolean held = checked.advance(stack, resource -> {
            asked.add(resource);
            return Optional.of(pathOf(resource));
        });

        assertThat(held).isTrue();
        assertThat(asked).containsExactly(changed, added);
        assertThat(checked.size()).isEqualTo(101);
    }

    @Test
    void aChangedResourceInConflictWithAnotherIsLeftToTheWholeCheck() {
        List<Resource> stack = new ArrayList<>(FileManifests.many(100, 10, "one"));
        CheckedPaths checked = CheckedPaths.of(stack, stack.stream().map(CheckedPathsTest::pathOf).toList());
        stack.set(40, FileManifests.file("file-40", "conf/d1/file-12.conf/inner", "two")); // through a file

        assertThat(checked.advance(stack, resource -> Optional.of(pathOf(resource)))).isFalse();
    }

    @Test
    void aPathGivenUpIsFreeForTheNextCheckAndTwoResourcesMaySwapTheirPaths() {
        Map<String, CheckedPaths> checked = new ConcurrentHashMap<>();
        WeakIdentityMap<Resource, RelativePath> valid = new WeakIdentityMap<>();
        List<Resource> stack = new ArrayList<>(FileManifests.many(30, 5, "one"));
        assertThat(FileValidator.validate("web", stack, ROOT, valid, checked)).isEmpty();

        stack.set(7, FileManifests.file("file-7", "conf/d1/moved.conf", "x"));
        assertThat(FileValidator.validate("web", stack, ROOT, valid, checked)).isEmpty();
        stack.set(8, FileManifests.file("file-8", "conf/d1/file-7.conf", "x")); // where file-7 was
        assertThat(FileValidator.validate("web", stack, ROOT, valid, checked)).isEmpty();
        stack.set(8, FileManifests.file("file-8", "conf/d1/moved.conf", "x"));
        stack.set(7, FileManifests.file("file-7", "conf/d1/file-7.conf", "x"));
        assertThat(FileValidator.validate("web", stack, ROOT, valid, checked)).isEmpty();
        stack.set(9, FileManifests.file("file-9", "conf/d1/moved.conf", "x"));

        assertThat(FileValidator.validate("web", stack, ROOT, valid, checked)).singleElement()
                .satisfies(problem -> assertThat(problem.message())
                        .startsWith("File file-9 has the same path 'conf/d1/moved.conf' as File file-8 ("));
        assertThat(checked).as("a stack with problems keeps nothing for the next check").isEmpty();
    }

    /**
     * Random stacks changed at random, checked each time by a provider that keeps what it found and by one
     * that checks the whole stack: the same problems, in the same order, every time.
     */
    @Test
    void findsWhatTheWholeCheckFinds() {
        Random random = new Random(20261130);
        Map<String, CheckedPaths> checked = new HashMap<>();
        WeakIdentityMap<Resource, RelativePath> valid = new WeakIdentityMap<>();
        int incremental = 0;
        for (int round = 0; round < 40; round++) {
            List<Resource> stack = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                stack.add(FileManifests.file("r" + i, randomPath(random), "x"));
            }
            for (int change = 0; change < 30; change++) {
                int at = random.nextInt(stack.size());
                switch (random.nextInt(4)) {
                    case 0 -> stack.add(at, FileManifests.file("n" + round + "-" + change, randomPath(random), "x"));
                    case 1 -> stack.remove(at);
                    case 2 -> {
                        stack.set(at, FileManifests.file("c" + round + "-" + change, randomPath(random), "x"));
                        stack.set((at + 1) % stack.size(), FileManifests.file("d" + round + "-" + change,
                                randomPath(random), "x"));
                    }
                    default -> stack.set(at, FileManifests.file("m" + round + "-" + change, randomPath(random), "x"));
                }
                boolean kept = checked.containsKey("web");
                List<Problem> found = FileValidator.validate("web", stack, ROOT, valid, checked);
                List<Problem> whole = FileValidator.validate(stack, ROOT, new WeakIdentityMap<>());
                assertThat(found).as("round %d, change %d", round, change).isEqualTo(whole);
                incremental += kept && found.isEmpty() ? 1 : 0;
                if (!whole.isEmpty()) { // remove the conflicts, so that later changes start from a valid stack
                    stack.removeIf(resource -> whole.stream().anyMatch(problem -> problem.message()
                            .startsWith("File " + resource.key().name() + " ")));
                    assertThat(FileValidator.validate("web", stack, ROOT, valid, checked)).isEmpty();
                }
            }
        }
        assertThat(incremental).as("changes checked from what the last check kept").isGreaterThan(100);
    }

    /**
     * A few directories, some of them the path of a file ({@code a/f1}): the same path, a file where a
     * directory is needed and a directory where a file is all come up.
     */
    private static String randomPath(Random random) {
        String[] names = {"a", "b", "a/b", "b/c", "a/b/c", "a/f1", "b/f2", "a/b/f3", "a/f1/f4", "c"};
        return names[random.nextInt(names.length)] + "/" + "f" + random.nextInt(12);
    }

    private static RelativePath pathOf(Resource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) resource.document().get("spec");
        return RelativePath.parse((String) spec.get("path"));
    }
}
