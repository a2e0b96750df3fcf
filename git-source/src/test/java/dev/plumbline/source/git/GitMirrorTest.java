package dev.plumbline.source.git;

import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.snapshot.CommitInfo;
import dev.plumbline.snapshot.TreeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.SourceConfig;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorTest {

    @TempDir
    Path dir;

    private Upstream upstream;
    private Path mirrors;

    @BeforeEach
    void createUpstream() throws IOException {
        upstream = Upstream.create(dir.resolve("upstream.git"), "main");
        mirrors = dir.resolve("mirrors");
    }

    @AfterEach
    void closeUpstream() {
        upstream.close();
    }

    static SourceConfig source(String url, String ref) {
        return new SourceConfig("infra", url, ref, null, Location.file("plumbline.yaml"));
    }

    private GitMirror mirror(String ref) {
        return GitMirror.open(source(upstream.url(), ref), mirrors);
    }

    @Test
    void firstFetchCreatesTheMirrorAndResolvesTheBranch() throws IOException {
        String sha = upstream.write("a.yaml", "a: 1\n").commit("first");

        try (GitMirror mirror = mirror("main")) {
            Path bare = mirrors.resolve("infra.git");
            assertThat(mirror.directory()).isEqualTo(bare.toAbsolutePath());
            assertThat(bare.resolve("HEAD")).isRegularFile();
            assertThat(bare.resolve("objects")).isDirectory();
            assertThat(mirror.resolve()).isEmpty();

            FetchResult result = mirror.fetch();

            assertThat(result.sha()).isEqualTo(sha);
            assertThat(result.previousSha()).isNull();
            assertThat(result.changed()).isTrue();
            assertThat(result.took()).isPositive();
            assertThat(mirror.resolve()).contains(sha);
            assertThat(mirror.hasCommit(sha)).isTrue();
        }
        try (Repository bare = new FileRepositoryBuilder().setGitDir(mirrors.resolve("infra.git").toFile()).build()) {
            assertThat(bare.isBare()).isTrue();
            assertThat(bare.getConfig().getString("remote", "origin", "url")).isEqualTo(upstream.url());
            assertThat(bare.getConfig().getBoolean("gc", "autoDetach", true))
                    .as("housekeeping runs inside the fetch, not after it").isFalse();
        }
    }

    @Test
    void housekeepingKeepsTheMirrorToAFewPacksHoweverOftenItFetches() throws IOException {
        upstream.write("a.yaml", "a: 0\n").commit("first");
        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
            for (int push = 1; push <= 60; push++) { // each fetch brings one pack; at 50 they are repacked
                upstream.write("a.yaml", "a: " + push + "\n").commit("push " + push);
                mirror.fetch();
            }
            String last = upstream.write("a.yaml", "a: last\n").commit("last");
            assertThat(mirror.fetch().sha()).isEqualTo(last);
        }
        try (var packs = Files.list(mirrors.resolve("infra.git/objects/pack"))) {
            assertThat(packs.filter(file -> file.toString().endsWith(".pack")).count())
                    .as("the packs a repack replaced are gone, so the next fetch does not repack again").isLessThan(20);
        }
    }

    @Test
    void aNewUpstreamCommitIsAChangeFromThePreviousSha() throws IOException {
        String first = upstream.write("a.yaml", "a: 1\n").commit("first");
        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
            String second = upstream.write("a.yaml", "a: 2\n").commit("second");
            assertThat(mirror.resolve()).as("no network without a fetch").contains(first);
            assertThat(mirror.hasCommit(second)).isFalse();

            FetchResult moved = mirror.fetch();
            FetchResult still = mirror.fetch();

            assertThat(moved.changed()).isTrue();
            assertThat(moved.previousSha()).isEqualTo(first);
            assertThat(moved.sha()).isEqualTo(second);
            assertThat(still.changed()).isFalse();
            assertThat(still.previousSha()).isEqualTo(second);
            assertThat(still.sha()).isEqualTo(second);
        }
    }

    @Test
    void resolvesAnnotatedAndLightweightTagsToTheirCommit() throws IOException {
        String tagged = upstream.write("a.yaml", "a: 1\n").commit("first");
        String tagObject = upstream.annotatedTag("v1.0.0", tagged, "release 1");
        upstream.lightweightTag("light", tagged);
        String later = upstream.write("a.yaml", "a: 2\n").commit("second");

        try (GitMirror mirror = mirror("v1.0.0")) {
            FetchResult result = mirror.fetch();

            assertThat(tagObject).isNotEqualTo(tagged);
            assertThat(result.sha()).isEqualTo(tagged);
            assertThat(mirror.resolve("v1.0.0")).isEqualTo(tagged);
            assertThat(mirror.resolve("light")).isEqualTo(tagged);
            assertThat(mirror.resolve("refs/tags/v1.0.0")).isEqualTo(tagged);
            assertThat(mirror.resolve("main")).isEqualTo(later);
        }
    }

    @Test
    void aTagThatMovesUpstreamMovesInTheMirror() throws IOException {
        String first = upstream.write("a.yaml", "a: 1\n").commit("first");
        upstream.lightweightTag("stable", first);
        try (GitMirror mirror = mirror("stable")) {
            assertThat(mirror.fetch().sha()).isEqualTo(first);
            String second = upstream.write("a.yaml", "a: 2\n").commit("second");
            upstream.lightweightTag("stable", second);

            FetchResult result = mirror.fetch();

            assertThat(result.sha()).isEqualTo(second);
            assertThat(result.previousSha()).isEqualTo(first);
        }
    }

    @Test
    void resolvesAFullShaIncludingOneThatIsNoLongerATip() throws IOException {
        String first = upstream.write("a.yaml", "a: 1\n").commit("first");
        upstream.write("a.yaml", "a: 2\n").commit("second");

        try (GitMirror mirror = mirror(first)) {
            FetchResult result = mirror.fetch();

            assertThat(result.sha()).isEqualTo(first);
            assertThat(mirror.resolve(first)).isEqualTo(first);
            assertThat(mirror.resolve(first.toUpperCase())).isEqualTo(first);
            assertThat(mirror.resolve()).contains(first);
        }
    }

    @Test
    void headIsTheRemotesDefaultBranchEvenWhenItIsNotCalledMain() throws IOException {
        upstream.close();
        upstream = Upstream.create(dir.resolve("trunk.git"), "trunk");
        String onTrunk = upstream.write("a.yaml", "trunk\n").commit("on trunk");
        upstream.branch("main", onTrunk);
        upstream.branch("master", onTrunk);

        try (GitMirror mirror = mirror("HEAD")) {
            assertThat(mirror.defaultBranch()).as("not known before the first fetch").isEmpty();
            FetchResult result = mirror.fetch();

            assertThat(result.sha()).isEqualTo(onTrunk);
            assertThat(mirror.defaultBranch()).contains("refs/heads/trunk");
            assertThat(mirrorHead()).as("main and master are at the same commit, but HEAD names trunk")
                    .isEqualTo("refs/heads/trunk");

            String onMain = upstream.onBranch("main").write("a.yaml", "main\n").commit("on main");
            String onMaster = upstream.onBranch("master").write("a.yaml", "master\n").commit("on master");
            mirror.fetch();
            assertThat(mirror.resolve("HEAD")).isEqualTo(onTrunk);
            assertThat(mirror.resolve("main")).isEqualTo(onMain);

            upstream.setDefaultBranch("master");
            FetchResult switched = mirror.fetch();

            assertThat(switched.sha()).isEqualTo(onMaster);
            assertThat(switched.previousSha()).isEqualTo(onTrunk);
            assertThat(mirrorHead()).isEqualTo("refs/heads/master");
        }
    }

    private String mirrorHead() throws IOException {
        try (Repository bare = new FileRepositoryBuilder().setGitDir(mirrors.resolve("infra.git").toFile()).build()) {
            return bare.exactRef("HEAD").getTarget().getName();
        }
    }

    @Test
    void headIsTheDefaultRefOfASourceConfig() throws IOException {
        String sha = upstream.write("a.yaml", "a: 1\n").commit("first");

        try (GitMirror mirror = GitMirror.open(source(upstream.url(), null), mirrors)) {
            assertThat(mirror.source().ref()).isEqualTo("HEAD");
            assertThat(mirror.fetch().sha()).isEqualTo(sha);
        }
    }

    @Test
    void aMissingRefStallsWithASentenceNamingRefAndSource() throws IOException {
        upstream.write("a.yaml", "a: 1\n").commit("first");

        try (GitMirror mirror = mirror("mian")) {
            StalledException error = catchThrowableOfType(StalledException.class, mirror::fetch);

            assertThat(error.reason()).isEqualTo("RevisionNotFound");
            assertThat(error.getMessage()).isEqualTo("ref 'mian' is not a branch, tag or commit of source 'infra' ("
                    + upstream.url() + ") (its branches: main)");
            assertThat(mirror.resolve()).isEmpty();
        }
    }

    @Test
    void aShaNotInTheMirrorIsNotOnAnyBranchOrTag() throws IOException {
        upstream.write("a.yaml", "a: 1\n").commit("first");
        String unknown = "0123456789abcdef0123456789abcdef01234567";

        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();

            StalledException error = catchThrowableOfType(StalledException.class, () -> mirror.resolve(unknown));
            StalledException abbreviated = catchThrowableOfType(StalledException.class,
                    () -> mirror.resolve(mirror.resolve("main").substring(0, 7)));

            assertThat(error.reason()).isEqualTo("RevisionNotFound");
            assertThat(error.getMessage()).isEqualTo("commit '" + unknown + "' is not on any branch or tag of source"
                    + " 'infra' (" + upstream.url() + ")");
            assertThat(abbreviated.getMessage()).endsWith("; name a commit by its full 40-character SHA");
            assertThat(mirror.hasCommit(unknown)).isFalse();
        }
    }

    @Test
    void headOfAMirrorNeverFetchedDoesNotResolve() {
        try (GitMirror mirror = mirror("HEAD")) {
            StalledException error = catchThrowableOfType(StalledException.class, () -> mirror.resolve("HEAD"));

            assertThat(error.reason()).isEqualTo("RevisionNotFound");
            assertThat(error.getMessage()).contains("source 'infra'", "has no default branch (HEAD)");
            assertThat(mirror.resolve()).isEmpty();
        }
    }

    @Test
    void deletedUpstreamBranchesAndTagsDisappearAfterAFetch() throws IOException {
        String first = upstream.write("a.yaml", "a: 1\n").commit("first");
        upstream.branch("feature", first).write("b.yaml", "b: 1\n").commit("feature work");
        upstream.lightweightTag("old", first);

        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
            assertThat(mirror.resolve("feature")).isNotEqualTo(first);
            assertThat(mirror.resolve("old")).isEqualTo(first);

            upstream.deleteBranch("feature");
            upstream.deleteTag("old");
            mirror.fetch();

            assertThat(catchThrowableOfType(StalledException.class, () -> mirror.resolve("feature")).reason())
                    .isEqualTo("RevisionNotFound");
            assertThat(catchThrowableOfType(StalledException.class, () -> mirror.resolve("old")).reason())
                    .isEqualTo("RevisionNotFound");
            assertThat(mirror.resolve("main")).isEqualTo(first);
        }
    }

    @Test
    void aPullRequestRefIsFetchedOnlyWhenAskedForAndOutlivesTheNextFetch() throws IOException {
        String base = upstream.write("a.yaml", "a: 1\n").commit("base");
        String head = upstream.branch("feature", base).write("a.yaml", "a: 2\n").commit("pull request");
        upstream.ref("refs/pull/7/head", head);
        upstream.deleteBranch("feature"); // a fork's branch: only the host's pull-request ref leads to it

        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
            assertThat(mirror.hasCommit(head)).isFalse();

            assertThat(mirror.fetchRef("refs/pull/7/head", Optional.empty(), "pull/7")).isEqualTo(head);
            mirror.fetch(); // pruning heads and tags leaves refs/plumbline alone
            assertThat(mirror.snapshot(head).commit().subject()).isEqualTo("pull request");
            assertThat(mirror.resolve("refs/plumbline/pull/7")).isEqualTo(head);

            mirror.forgetRef("pull/7");
            assertThat(catchThrowableOfType(StalledException.class, () -> mirror.resolve("refs/plumbline/pull/7"))
                    .reason()).isEqualTo("RevisionNotFound");
            assertThat(catchThrowableOfType(dev.plumbline.problem.PlumblineException.class,
                    () -> mirror.fetchRef("refs/pull/8/head", Optional.empty(), "pull/8"))).isNotNull();
        }
    }

    @Test
    void snapshotCarriesTheCommitsMetadata() throws IOException {
        Instant authored = Instant.parse("2024-03-01T08:30:00Z");
        Instant committed = Instant.parse("2024-03-02T17:45:10Z");
        String sha = upstream.write("a.yaml", "a: 1\n")
                .commit("Scale web to 3\n\nBecause of the launch.\n", authored, committed);

        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
            Snapshot snapshot = mirror.snapshot(sha);

            assertThat(snapshot.sha()).isEqualTo(sha);
            assertThat(snapshot.source()).isEqualTo("infra");
            assertThat(snapshot.ref()).isEqualTo("main");
            CommitInfo commit = snapshot.commit();
            assertThat(commit.authorName()).isEqualTo("Ada Author");
            assertThat(commit.authorEmail()).isEqualTo("ada@example.com");
            assertThat(commit.authorTime()).isEqualTo(authored);
            assertThat(commit.commitTime()).isEqualTo(committed);
            assertThat(commit.message()).isEqualTo("Scale web to 3\n\nBecause of the launch.\n");
            assertThat(commit.subject()).isEqualTo("Scale web to 3");
            assertThat(commit.shortSha()).isEqualTo(sha.substring(0, 7)).hasSize(7);
        }
    }

    @Test
    void reopeningAMirrorKeepsWhatWasFetched() throws IOException {
        String sha = upstream.write("a.yaml", "a: 1\n").commit("first");
        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
        }

        try (GitMirror reopened = mirror("main")) {
            assertThat(reopened.resolve()).contains(sha);
            assertThat(reopened.snapshot(sha).tree().files("")).extracting(TreeFile::path).containsExactly("a.yaml");
            FetchResult again = reopened.fetch();
            assertThat(again.changed()).isFalse();
            assertThat(again.previousSha()).isEqualTo(sha);
        }
    }

    @Test
    void rePointingTheUrlFetchesFromTheNewPlace() throws IOException {
        String old = upstream.write("a.yaml", "old\n").commit("old home");
        upstream.branch("legacy", old);
        try (GitMirror mirror = mirror("main")) {
            mirror.fetch();
        }
        try (Upstream moved = Upstream.create(dir.resolve("moved.git"), "main")) {
            String sha = moved.write("a.yaml", "new\n").commit("new home");

            try (GitMirror mirror = GitMirror.open(source(moved.url(), "main"), mirrors)) {
                FetchResult result = mirror.fetch();

                assertThat(result.sha()).isEqualTo(sha);
                assertThat(result.previousSha()).isEqualTo(old);
                assertThat(catchThrowableOfType(StalledException.class, () -> mirror.resolve("legacy")))
                        .as("branches of the old place are pruned").isNotNull();
            }
            String config = Files.readString(mirrors.resolve("infra.git").resolve("config"));
            assertThat(config).contains(moved.url()).doesNotContain(upstream.url());
        }
    }
}
