package dev.plumbline.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitDaemonFetchTest {

    @TempDir
    Path dir;

    @Test
    void fetchesOverTheGitProtocolAndSeesACommitPushedLater() throws Exception {
        try (GitDaemonProcess daemon = GitDaemonProcess.start(dir.resolve("daemon"));
             Git bare = Git.init().setBare(true).setInitialBranch("main")
                     .setDirectory(daemon.baseDir().resolve("infra.git").toFile()).call();
             Git work = Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call()) {
            String url = daemon.url("infra");
            String first = commitAndPush(work, url, "stacks/web/app.yaml", "replicas: 1\n");

            try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(url, "HEAD"), dir.resolve("mirrors"))) {
                FetchResult initial = mirror.fetch();
                String second = commitAndPush(work, url, "stacks/web/app.yaml", "replicas: 3\n");
                FetchResult next = mirror.fetch();

                assertThat(initial.sha()).isEqualTo(first);
                assertThat(next.changed()).isTrue();
                assertThat(next.previousSha()).isEqualTo(first);
                assertThat(next.sha()).isEqualTo(second);
                assertThat(bare.getRepository().resolve("refs/heads/main").name()).isEqualTo(second);
                TreeReader tree = mirror.snapshot(second).tree();
                TreeFile app = tree.files("stacks/web").get(0);
                assertThat(new String(tree.read(app), StandardCharsets.UTF_8)).isEqualTo("replicas: 3\n");
            }
        }
    }

    @Test
    void aRepositoryTheDaemonDoesNotServeIsATransientFetchFailure() throws IOException {
        try (GitDaemonProcess daemon = GitDaemonProcess.start(dir.resolve("daemon"))) {
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

    private static String commitAndPush(Git work, String url, String path, String content)
            throws IOException, GitAPIException {
        Path file = work.getRepository().getWorkTree().toPath().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        work.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("Plumbline Test", "test@plumbline.dev");
        String sha = work.commit().setMessage("change " + path).setAuthor(who).setCommitter(who).call().name();
        Iterable<PushResult> results = work.push().setRemote(url)
                .setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                assertThat(update.getStatus()).as(update.getRemoteName()).isEqualTo(RemoteRefUpdate.Status.OK);
            }
        }
        return sha;
    }
}
