package dev.plumbline.source.git;

import dev.plumbline.snapshot.TreeReader;
import dev.plumbline.snapshot.TreeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.TransientException;
import dev.plumbline.source.git.fixture.GitDaemon;
import dev.plumbline.source.git.fixture.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A mirror of a repository served by a real {@code git daemon}, over {@code git://}. */
class GitDaemonFetchTest {

    @RegisterExtension
    static final GitDaemon daemon = new GitDaemon();

    @TempDir
    Path dir;

    @Test
    void fetchesOverTheGitProtocolAndSeesACommitPushedLater() {
        GitRepo repo = daemon.repo("infra");
        String first = repo.write("stacks/web/app.yaml", "replicas: 1\n").commit("One replica");
        String url = daemon.url("infra");

        try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(url, "HEAD"), dir.resolve("mirrors"))) {
            FetchResult initial = mirror.fetch();
            String second = repo.write("stacks/web/app.yaml", "replicas: 3\n").commit("Three replicas");
            FetchResult next = mirror.fetch();

            assertThat(initial.sha()).isEqualTo(first);
            assertThat(next.changed()).isTrue();
            assertThat(next.previousSha()).isEqualTo(first);
            assertThat(next.sha()).isEqualTo(second);
            TreeReader tree = mirror.snapshot(second).tree();
            TreeFile app = tree.files("stacks/web").get(0);
            assertThat(new String(tree.read(app), StandardCharsets.UTF_8)).isEqualTo("replicas: 3\n");
        }
    }

    @Test
    void aRepositoryTheDaemonDoesNotServeIsATransientFetchFailure() {
        String url = daemon.url("missing");

        try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(url, "main"), dir.resolve("mirrors"))) {
            TransientException error = catchThrowableOfType(TransientException.class, mirror::fetch);

            assertThat(error.reason()).isEqualTo("FetchFailed");
            assertThat(error.getMessage()).startsWith("cannot fetch source 'infra' from " + url + ": ")
                    .contains("not exported");
            assertThat(error.getMessage()).doesNotContain("\n").doesNotContain("Exception");
        }
    }
}
