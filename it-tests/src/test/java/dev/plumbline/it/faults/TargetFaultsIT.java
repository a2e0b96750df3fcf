package dev.plumbline.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.git.fixture.GitRepo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the files provider's target directory while the agent runs: the directory made unwritable
 * (immutable with {@code chattr +i}, which stops root too, as the tests run as root in CI) and the
 * directory replaced by a regular file. The agent stays up, writes nothing half (no temporary file is left
 * behind), keeps what it applied last, says why in the status, and converges once the directory is back.
 */
class TargetFaultsIT {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String TEMP_MARKER = ".plumbline-tmp-";

    @TempDir
    Path dir;

    private FaultAgent agent;
    private GitRepo openRepo;
    private Path immutable;

    @AfterEach
    void stop() {
        if (immutable != null) {
            chattr("-i", immutable);
        }
        if (agent != null) {
            agent.close();
        }
        if (openRepo != null) {
            openRepo.close();
        }
    }

    @Test
    void anUnwritableTargetIsWaitingWithNothingHalfWrittenAndRecoversWhenWritableAgain() throws Exception {
        GitRepo repo = repo();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .write("stacks/web/app.yaml", Scenario.fileManifest("app", "app/config.ini", "port=80"))
                .commit("v1");
        start(repo);
        awaitApplied(first);

        makeImmutable(live());
        String second = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v2"))
                .write("stacks/web/news.yaml", Scenario.fileManifest("news", "news.txt", "fresh"))
                .commit("v2, while the target is immutable");

        await().atMost(CONVERGE).until(() -> agent.is("web", "Waiting", "ApplyFailed"));
        StackStatus waiting = agent.requireStatus("web");
        assertThat(waiting.message()).contains(live().toString()).contains("Operation not permitted")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(waiting.lastAttemptedRevision()).isEqualTo(second);
        assertThat(waiting.lastAppliedRevision()).isEqualTo(first);
        assertThat(finishedRuns()).first().satisfies(run -> {
            assertThat(run.revision()).isEqualTo(second);
            assertThat(run.result()).isEqualTo("failed");
            assertThat(run.reason()).isEqualTo("ApplyFailed");
        });
        assertThat(agent.apiStack("web")).contains("\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"ApplyFailed\"");
        assertThat(agent.healthz()).isEqualTo(200);
        assertThat(live("motd.txt")).isEqualTo("hello v1");
        assertThat(live("app/config.ini")).isEqualTo("port=80");
        assertThat(live("news.txt")).isNull();
        assertThat(tempFiles(dir)).as("no temporary file is left behind").isEmpty();

        chattr("-i", live());
        immutable = null;

        awaitApplied(second);
        assertThat(live("motd.txt")).isEqualTo("hello v2");
        assertThat(live("news.txt")).isEqualTo("fresh");
        assertThat(live("app/config.ini")).isEqualTo("port=80");
        assertThat(tempFiles(dir)).isEmpty();
    }

    @Test
    void aTargetReplacedByAFileIsWaitingWithNothingWrittenAndRecoversWhenTheDirectoryIsBack() throws Exception {
        GitRepo repo = repo();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .commit("v1");
        start(repo);
        awaitApplied(first);

        Path aside = dir.resolve("live.aside");
        Files.move(live(), aside);
        Files.writeString(live(), "not a directory\n");
        String second = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v2"))
                .commit("v2, while the target is a file");

        await().atMost(CONVERGE).until(() -> agent.status("web")
                .map(s -> second.equals(s.lastAttemptedRevision()) && !s.condition().equals("Ready")).orElse(false));
        StackStatus waiting = agent.requireStatus("web");
        assertThat(waiting.condition()).isEqualTo("Waiting");
        assertThat(waiting.reason()).isEqualTo("ObserveFailed");
        assertThat(waiting.message()).contains(live().toString()).contains("Not a directory")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(waiting.lastAppliedRevision()).isEqualTo(first);
        assertThat(finishedRuns()).first().satisfies(run -> {
            assertThat(run.result()).isEqualTo("failed");
            assertThat(run.reason()).isEqualTo("ObserveFailed");
        });
        assertThat(agent.healthz()).isEqualTo(200);
        assertThat(Files.readString(live())).as("the file in the way is left alone").isEqualTo("not a directory\n");
        assertThat(Files.readString(aside.resolve("motd.txt"))).isEqualTo("hello v1");
        assertThat(tempFiles(dir)).isEmpty();

        Files.delete(live());
        Files.move(aside, live());

        awaitApplied(second);
        assertThat(live("motd.txt")).isEqualTo("hello v2");
        assertThat(tempFiles(dir)).isEmpty();
    }

    // helpers

    /** The test's repository, fetched over {@code file://}; closed (its work clone deleted) after the test. */
    private GitRepo repo() {
        openRepo = GitRepo.create(dir.resolve("repos"), "infra");
        return openRepo;
    }

    private void start(GitRepo repo) throws IOException {
        Files.createDirectories(live());
        agent = FaultAgent.start(dir, """
                sources:
                  - { name: infra, url: "%s", ref: main, interval: 1s }
                providers:
                  - { name: local, type: files, root: ./live }
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: local
                    sync: { auto: true, prune: true, selfHeal: true }
                    driftInterval: 1s
                """.formatted(repo.fileUrl()));
    }

    private void awaitApplied(String sha) {
        await("stack web Ready at " + sha).atMost(CONVERGE).until(() -> agent.status("web")
                .map(s -> s.condition().equals("Ready") && sha.equals(s.lastAppliedRevision())).orElse(false));
    }

    /** The stack's finished runs, newest first (a retry may be under way, its row not finished yet). */
    private List<RunRecord> finishedRuns() {
        return agent.history("web").stream().filter(run -> run.finishedAt() != null).toList();
    }

    private Path live() {
        return dir.resolve("live");
    }

    private String live(String path) throws IOException {
        Path file = live().resolve(path);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    /** Sets the immutable attribute: no entry can be added, removed or renamed in it, by root neither. */
    private void makeImmutable(Path directory) throws IOException {
        chattr("+i", directory);
        immutable = directory;
        Path probe = directory.resolve("probe");
        try {
            Files.writeString(probe, "x");
            Files.delete(probe);
            throw new AssertionError("chattr +i did not make " + directory + " unwritable here");
        } catch (IOException expected) {
            // root cannot write to it either: the fault is in place
        }
    }

    private static void chattr(String flag, Path path) {
        try {
            Process process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("chattr " + flag + " " + path + " failed: " + output + " (the test needs"
                        + " root and a file system with the immutable attribute, such as ext4, for its temporary"
                        + " directory: java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + ")");
            }
        } catch (IOException e) {
            throw new AssertionError("chattr is not installed (package e2fsprogs)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The files provider's temporary files anywhere under {@code root}. */
    private static List<Path> tempFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().contains(TEMP_MARKER)).toList();
        }
    }
}
