package dev.plumbline.source.git;

import dev.plumbline.snapshot.TreeReader;
import dev.plumbline.snapshot.TreeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitTreeReaderTest {

    @TempDir
    Path dir;

    private Upstream upstream;
    private GitMirror mirror;

    @BeforeEach
    void setUp() throws IOException {
        upstream = Upstream.create(dir.resolve("upstream.git"), "main");
        mirror = GitMirror.open(GitMirrorTest.source(upstream.url(), "main"), dir.resolve("mirrors"));
    }

    @AfterEach
    void tearDown() {
        mirror.close();
        upstream.close();
    }

    private TreeReader commitAndRead() throws IOException {
        String sha = upstream.commit("tree");
        mirror.fetch();
        return mirror.snapshot(sha).tree();
    }

    private static String text(TreeReader tree, TreeFile file) {
        return new String(tree.read(file), StandardCharsets.UTF_8);
    }

    @Test
    void aCommitIsListedAsItIsWhileTheDirectoriesItDidNotChangeAreTakenFromTheLastListing() throws IOException {
        for (int dir = 0; dir < 3; dir++) {
            for (int file = 0; file < 3; file++) {
                upstream.write("stacks/web/d" + dir + "/f" + file + ".yaml", "v: 1\n");
            }
        }
        List<TreeFile> before = commitAndRead().files("stacks/web");
        upstream.write("stacks/web/d1/f2.yaml", "v: 2\n").write("stacks/web/d2/new.yaml", "n: 1\n")
                .delete("stacks/web/d2/f0.yaml");

        TreeReader tree = commitAndRead();
        List<TreeFile> after = tree.files("stacks/web");

        assertThat(after).extracting(TreeFile::path).containsExactly("stacks/web/d0/f0.yaml",
                "stacks/web/d0/f1.yaml", "stacks/web/d0/f2.yaml", "stacks/web/d1/f0.yaml", "stacks/web/d1/f1.yaml",
                "stacks/web/d1/f2.yaml", "stacks/web/d2/f1.yaml", "stacks/web/d2/f2.yaml", "stacks/web/d2/new.yaml");
        assertThat(text(tree, after.get(5))).isEqualTo("v: 2\n");
        for (int index = 0; index < 3; index++) {
            assertThat(after.get(index)).as("d0 did not change: its listing is the last one's").isSameAs(before.get(index));
        }
        assertThat(after.get(3)).as("d1 changed: listed again").isNotSameAs(before.get(3)).isEqualTo(before.get(3));
    }

    @Test
    void aDirectoryWithALinkInsideIsListedAgainWhenWhatTheLinkShowsChanges() throws IOException {
        upstream.write("shared/base.yaml", "b: 1\n").write("stacks/web/d/own.yaml", "o: 1\n")
                .symlink("stacks/web/d/base", "../../../shared");
        commitAndRead().files("stacks/web");
        upstream.write("shared/extra.yaml", "e: 1\n"); // only outside the stack's directory

        List<TreeFile> after = commitAndRead().files("stacks/web");

        assertThat(after).extracting(TreeFile::path).containsExactly("stacks/web/d/base/base.yaml",
                "stacks/web/d/base/extra.yaml", "stacks/web/d/own.yaml");
    }

    @Test
    void pathsAreInTheOrderOfTheirUtf8Bytes() {
        List<String> paths = new ArrayList<>(List.of("a/b", "a", "a/\uE000", "a/\uD83D\uDE00", "a/z", "ab", "a/\u00E9",
                "a/"));
        for (int one = 0; one < paths.size(); one++) {
            for (int other = 0; other < paths.size(); other++) {
                int bytes = java.util.Arrays.compareUnsigned(paths.get(one).getBytes(StandardCharsets.UTF_8),
                        paths.get(other).getBytes(StandardCharsets.UTF_8));
                assertThat(Integer.signum(CommitTreeReader.gitOrder(paths.get(one), paths.get(other))))
                        .as(paths.get(one) + " against " + paths.get(other)).isEqualTo(Integer.signum(bytes));
            }
        }
    }

    @Test
    void tellsDirectoriesFromFilesAndMissingPaths() throws IOException {
        upstream.write("stacks/web/site.yaml", "kind: File\n").write("stacks/empty-ish/.keep", "");
        TreeReader tree = commitAndRead();

        assertThat(tree.isDirectory("")).isTrue();
        assertThat(tree.isDirectory("stacks/web")).isTrue();
        assertThat(tree.isDirectory("/stacks/web/")).isTrue();
        assertThat(tree.isDirectory("stacks/empty-ish")).isTrue();
        assertThat(tree.isDirectory("stacks/web/site.yaml")).isFalse();
        assertThat(tree.isDirectory("stacks/gone")).isFalse();
    }

    @Test
    void listsRegularFilesAndLinkedOnesUnderTheDirectoryRecursivelyInPathOrder() throws IOException {
        upstream.write("README.md", "readme\n")
                .write("stacks/web/deployment.yaml", "kind: Deployment\n")
                .write("stacks/web/a/z.yaml", "z\n")
                .write("stacks/web/service.yaml", "kind: Service\n")
                .write("stacks/web-old/stale.yaml", "stale\n")
                .write("stacks/webhook.yaml", "hook\n")
                .symlink("stacks/web/link.yaml", "deployment.yaml")
                .submodule("stacks/web/vendored", "0123456789abcdef0123456789abcdef01234567");
        TreeReader tree = commitAndRead();

        List<TreeFile> files = tree.files("stacks/web");

        assertThat(files).extracting(TreeFile::path).containsExactly(
                "stacks/web/a/z.yaml", "stacks/web/deployment.yaml", "stacks/web/link.yaml", "stacks/web/service.yaml");
        assertThat(files).extracting(TreeFile::size).containsExactly(2L, 17L, 17L, 14L);
        assertThat(text(tree, files.get(1))).isEqualTo("kind: Deployment\n");
        assertThat(files.get(1).name()).isEqualTo("deployment.yaml");
        assertThat(text(tree, files.get(2))).as("a link to a file of the commit is followed")
                .isEqualTo("kind: Deployment\n");
    }

    @Test
    void aLinkedDirectoryIsListedAtTheLinkAndLinksInsideItResolveFromWhereTheyReallyAre() throws IOException {
        upstream.write("shared/base/a.yaml", "a\n").write("shared/common.yaml", "common\n")
                .symlink("shared/base/up.yaml", "../common.yaml")
                .symlink("stacks/web/base", "../../shared/base");
        TreeReader tree = commitAndRead();

        List<TreeFile> files = tree.files("stacks/web");

        assertThat(files).extracting(TreeFile::path).containsExactly("stacks/web/base/a.yaml",
                "stacks/web/base/up.yaml");
        assertThat(text(tree, files.get(1))).isEqualTo("common\n");
    }

    @Test
    void aLinkOutOfTheRepositoryToNothingOrRoundInACircleIsAProblemNamingEveryLink() throws IOException {
        upstream.write("stacks/web/ok.yaml", "ok\n")
                .symlink("stacks/web/shadow.yaml", "/etc/shadow")
                .symlink("stacks/web/escape.yaml", "../../../outside.yaml")
                .symlink("stacks/web/gone.yaml", "missing.yaml")
                .symlink("stacks/web/loop-a", "loop-b").symlink("stacks/web/loop-b", "loop-a");
        String sha = upstream.commit("links");
        mirror.fetch();
        TreeReader tree = mirror.snapshot(sha).tree();

        StalledException refused = catchThrowableOfType(StalledException.class, () -> tree.files("stacks/web"));

        assertThat(refused.problems()).extracting(problem -> problem.toString()).containsExactly(
                "stacks/web/escape.yaml: the link 'stacks/web/escape.yaml' points to '../../../outside.yaml', outside"
                        + " the repository; Plumbline follows links only to files and directories of the same commit",
                "stacks/web/gone.yaml: the link 'stacks/web/gone.yaml' points to 'missing.yaml', which is not a file"
                        + " or directory of commit " + sha.substring(0, 7),
                "stacks/web/loop-a: the link 'stacks/web/loop-a' goes round in a circle or through more than 8 links;"
                        + " point it at a file or directory",
                "stacks/web/loop-b: the link 'stacks/web/loop-b' goes round in a circle or through more than 8 links;"
                        + " point it at a file or directory",
                "stacks/web/shadow.yaml: the link 'stacks/web/shadow.yaml' points to '/etc/shadow', outside the"
                        + " repository; Plumbline follows links only to files and directories of the same commit");
    }

    @Test
    void aLinkToADirectoryHoldingItIsOneProblemAtTheLink() throws IOException {
        upstream.write("stacks/web/ok.yaml", "ok\n")
                .symlink("stacks/web/self", ".")
                .symlink("stacks/web/up", "..")
                .symlink("stacks/web/top", "../..");
        String sha = upstream.commit("links to what holds them");
        mirror.fetch();
        TreeReader tree = mirror.snapshot(sha).tree();

        StalledException refused = catchThrowableOfType(StalledException.class, () -> tree.files("stacks/web"));

        String holds = "a directory that holds the link itself, so its files would repeat without end; point it at a"
                + " file or at a directory beside it";
        assertThat(refused.problems()).extracting(problem -> problem.toString()).containsExactly(
                "stacks/web/self: the link 'stacks/web/self' points to '.', " + holds,
                "stacks/web/top: the link 'stacks/web/top' points to '../..', " + holds,
                "stacks/web/up: the link 'stacks/web/up' points to '..', " + holds);
    }

    @Test
    void theRootListsEverything() throws IOException {
        upstream.write("b.yaml", "b\n").write("a/c.yaml", "c\n").write("a.yaml", "a\n");
        TreeReader tree = commitAndRead();

        assertThat(tree.files("")).extracting(TreeFile::path).containsExactly("a.yaml", "a/c.yaml", "b.yaml");
        assertThat(tree.files("/a/")).extracting(TreeFile::path).containsExactly("a/c.yaml");
    }

    @Test
    void aMissingDirectoryOrAFileGivesAnEmptyList() throws IOException {
        upstream.write("stacks/web/a.yaml", "a\n");
        TreeReader tree = commitAndRead();

        assertThat(tree.files("stacks/api")).isEmpty();
        assertThat(tree.files("stacks/web/a.yaml")).isEmpty();
        assertThat(tree.files("nowhere/at/all")).isEmpty();
    }

    @Test
    void thePathFilterSeesRepositoryRelativePaths() throws IOException {
        upstream.write("stacks/web/a.yaml", "a\n").write("stacks/web/notes.txt", "n\n")
                .write("stacks/web/sub/b.yml", "b\n");
        TreeReader tree = commitAndRead();
        List<String> seen = new ArrayList<>();

        List<TreeFile> yaml = tree.files("stacks/web", path -> seen.add(path) && path.matches(".*\\.ya?ml"));

        assertThat(yaml).extracting(TreeFile::path).containsExactly("stacks/web/a.yaml", "stacks/web/sub/b.yml");
        assertThat(seen).containsExactly("stacks/web/a.yaml", "stacks/web/notes.txt", "stacks/web/sub/b.yml");
    }

    @Test
    void identicalContentHasTheSameBlobIdAcrossPathsAndCommits() throws IOException {
        upstream.write("one/x.yaml", "same\n").write("two/x.yaml", "same\n").write("three/x.yaml", "other\n");
        TreeReader first = commitAndRead();
        upstream.write("three/x.yaml", "changed\n");
        TreeReader second = commitAndRead();

        TreeFile one = first.files("one").get(0);
        TreeFile two = first.files("two").get(0);
        TreeFile three = first.files("three").get(0);

        assertThat(one.blobId()).isEqualTo(two.blobId()).isNotEqualTo(three.blobId());
        assertThat(second.files("one").get(0)).isEqualTo(one);
        assertThat(second.files("three").get(0).blobId()).isNotEqualTo(three.blobId());
        assertThat(text(first, three)).isEqualTo("other\n");
        assertThat(text(second, second.files("three").get(0))).isEqualTo("changed\n");
    }

    @Test
    void refusesFilesAboveTenMebibytesNamingThePath() throws IOException {
        upstream.write("big/huge.yaml", new byte[(int) TreeReader.MAX_FILE_BYTES + 1])
                .write("big/edge.yaml", new byte[(int) TreeReader.MAX_FILE_BYTES]);
        TreeReader tree = commitAndRead();
        List<TreeFile> files = tree.files("big");

        StalledException error = catchThrowableOfType(StalledException.class, () -> tree.read(files.get(1)));

        assertThat(files).extracting(TreeFile::path).containsExactly("big/edge.yaml", "big/huge.yaml");
        assertThat(error.reason()).isEqualTo("FileTooLarge");
        assertThat(error.getMessage()).contains("'big/huge.yaml'", "source 'infra'", "up to 10 MiB");
        assertThat(tree.read(files.get(0))).hasSize((int) TreeReader.MAX_FILE_BYTES);
    }

    @Test
    void oneSnapshotCanBeReadFromSeveralThreadsAtOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            upstream.write("stacks/f" + i + ".yaml", "file: " + i + "\n".repeat(i + 1));
        }
        TreeReader tree = commitAndRead();
        List<Callable<List<String>>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            readers.add(() -> tree.files("stacks").stream().map(file -> text(tree, file)).toList());
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<List<String>> results = new ArrayList<>();
            for (Future<List<String>> future : pool.invokeAll(readers)) {
                results.add(future.get());
            }
            assertThat(results.get(0)).hasSize(40).contains("file: 7" + "\n".repeat(8));
            assertThat(results).allSatisfy(result -> assertThat(result).isEqualTo(results.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }
}
