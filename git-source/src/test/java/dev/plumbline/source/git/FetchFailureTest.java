package dev.plumbline.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchFailureTest {

    @TempDir
    Path dir;

    @Test
    void aRepositoryThatIsNotThereIsATransientFailureNamingSourceAndUrl() {
        String url = dir.resolve("nope.git").toUri().toString();

        try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(url, "main"), dir.resolve("mirrors"))) {
            TransientException error = catchThrowableOfType(TransientException.class, mirror::fetch);

            assertThat(error.reason()).isEqualTo("FetchFailed");
            assertThat(error.getMessage()).isEqualTo("cannot fetch source 'infra' from " + url
                    + ": no repository there");
            assertThat(error.getCause()).isNotNull();
            assertThat(mirror.resolve()).isEmpty();
        }
    }

    @Test
    void aPlainPathWorksLikeAFileUrl() throws IOException {
        try (Upstream upstream = Upstream.create(dir.resolve("plain.git"), "main")) {
            String sha = upstream.write("a.yaml", "a\n").commit("first");
            String path = upstream.directory().toAbsolutePath().toString();

            try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(path, "main"), dir.resolve("mirrors"))) {
                assertThat(mirror.fetch().sha()).isEqualTo(sha);
            }
        }
    }

    @Test
    void credentialsInTheUrlNeverReachTheMessageNorTheDisk() throws IOException {
        String url = "http://bot:s3cret@127.0.0.1:" + closedPort() + "/infra.git";

        try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(url, "main"), dir.resolve("mirrors"))) {
            TransientException error = catchThrowableOfType(TransientException.class, mirror::fetch);

            assertThat(error.reason()).isEqualTo("FetchFailed");
            assertThat(error.getMessage())
                    .startsWith("cannot fetch source 'infra' from http://***@127.0.0.1:")
                    .contains("cannot connect")
                    .doesNotContain("s3cret").doesNotContain("bot");
        }
        assertThat(Files.readString(dir.resolve("mirrors/infra.git/config")))
                .contains("url = http://***@127.0.0.1:").doesNotContain("s3cret");
    }

    @Test
    void aRefLockedByAnotherFetchIsRetriedUntilItIsFree() throws IOException {
        try (Upstream upstream = Upstream.create(dir.resolve("upstream.git"), "main")) {
            upstream.write("a.yaml", "a: 1\n").commit("first");
            List<Duration> pauses = new ArrayList<>();
            Path lock = dir.resolve("mirrors/infra.git/refs/heads/main.lock");
            MirrorFetch.Pause otherFetchFinishes = duration -> {
                pauses.add(duration);
                delete(lock);
            };

            try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(upstream.url(), "main"),
                    dir.resolve("mirrors"), otherFetchFinishes)) {
                String first = mirror.fetch().sha();
                String second = upstream.write("a.yaml", "a: 2\n").commit("second");
                Files.writeString(lock, first + "\n");

                FetchResult result = mirror.fetch();

                assertThat(pauses).containsExactly(MirrorFetch.FIRST_PAUSE);
                assertThat(result.sha()).isEqualTo(second);
                assertThat(result.previousSha()).isEqualTo(first);
            }
        }
    }

    @Test
    void aLockThatIsNeverFreedFailsAsTransientAfterAFewAttempts() throws IOException {
        try (Upstream upstream = Upstream.create(dir.resolve("upstream.git"), "main")) {
            upstream.write("a.yaml", "a: 1\n").commit("first");
            List<Duration> pauses = new ArrayList<>();

            try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(upstream.url(), "main"),
                    dir.resolve("mirrors"), pauses::add)) {
                String first = mirror.fetch().sha();
                upstream.write("a.yaml", "a: 2\n").commit("second");
                Files.writeString(dir.resolve("mirrors/infra.git/refs/heads/main.lock"), first + "\n");

                TransientException error = catchThrowableOfType(TransientException.class, mirror::fetch);

                assertThat(error.reason()).isEqualTo("FetchFailed");
                assertThat(error.getMessage()).startsWith("cannot fetch source 'infra' from " + upstream.url())
                        .endsWith("refs/heads/main stayed locked by another fetch (5 attempts)");
                assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                        Duration.ofMillis(400), Duration.ofMillis(800));
                assertThat(mirror.resolve()).contains(first);
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
