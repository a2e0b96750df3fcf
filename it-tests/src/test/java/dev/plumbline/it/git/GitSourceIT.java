package dev.plumbline.it.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.SourceConfig;
import dev.plumbline.source.git.fixture.GitDaemon;
import dev.plumbline.source.git.fixture.GitRepo;
import dev.plumbline.problem.Location;
import dev.plumbline.source.git.FetchResult;
import dev.plumbline.source.git.GitMirror;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.snapshot.TreeFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source served by a real git daemon: the mirror follows pushes (additions, changes, deletions) over
 * {@code git://}, and two mirrors of the same directory (the agent and the CLI) can fetch at once.
 */
class GitSourceIT {

    @RegisterExtension
    static final GitDaemon git = new GitDaemon();

    @TempDir
    Path mirrors;

    private static SourceConfig source(String url) {
        return new SourceConfig("infra", url, null, null, Location.file("plumbline.yaml"));
    }

    @Test
    void theMirrorFollowsPushesOverTheGitProtocol() {
        try (GitRepo repo = git.repo("follows");
             GitMirror mirror = GitMirror.open(source(git.url("follows")), mirrors)) {
            String first = repo.write("stacks/web/app.yaml", "replicas: 1\n")
                    .write("stacks/web/extra.yaml", "extra: true\n")
                    .write("README.md", "docs\n")
                    .commit("add web");
            assertThat(mirror.fetch().sha()).isEqualTo(first).isEqualTo(repo.head());

            String second = repo.write("stacks/web/app.yaml", "replicas: 3\n")
                    .delete("stacks/web/extra.yaml")
                    .commit("scale web, drop extra");
            FetchResult result = mirror.fetch();

            assertThat(result.previousSha()).isEqualTo(first);
            assertThat(result.sha()).isEqualTo(second);
            Snapshot snapshot = mirror.snapshot(second);
            List<TreeFile> files = snapshot.tree().files("stacks/web");
            assertThat(files).extracting(TreeFile::path).containsExactly("stacks/web/app.yaml");
            assertThat(new String(snapshot.tree().read(files.get(0)), StandardCharsets.UTF_8))
                    .isEqualTo("replicas: 3\n");
            assertThat(snapshot.commit().authorEmail()).isEqualTo("test@plumbline.dev");
            assertThat(snapshot.commit().subject()).isEqualTo("scale web, drop extra");
        }
    }

    @Test
    void twoMirrorsOfOneDirectoryCanFetchAtTheSameTime() throws Exception {
        try (GitRepo repo = git.repo("shared");
             GitMirror agent = GitMirror.open(source(git.url("shared")), mirrors);
             GitMirror cli = GitMirror.open(source(git.url("shared")), mirrors)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    String sha = repo.write("round.txt", "round " + round + "\n").commit("round " + round);
                    List<Future<FetchResult>> fetches = new ArrayList<>();
                    fetches.add(pool.submit(agent::fetch));
                    fetches.add(pool.submit(cli::fetch));
                    for (Future<FetchResult> fetch : fetches) {
                        assertThat(fetch.get().sha()).isEqualTo(sha);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
