package dev.plumbline.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.PlumblineProcess;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: a small tmpfs mounted under the files provider's target, or under the stateDir,
 * that runs out of space while {@code plumbline agent} (a process of its own) or {@code plumbline apply}
 * works. The agent stays up, what it applied before stays as it was (no part-written file, no temporary
 * file left behind), the status ({@code DiskFull}) and the CLI say in a sentence that there is no space left
 * and where, no lease stays held, the state file stays sound, and once there is space again it converges by
 * itself. A full stateDir leaves the store unable to record a status: the agent's log says it then, naming
 * the database.
 */
class FullDiskIT {

    /** Long enough for a retry after the backoff of a few failures (5 s doubling, jittered) and a run. */
    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final String TEMP_MARKER = ".plumbline-tmp-";
    /** Enough files that the run of (b) is still writing when the stateDir fills up (a few fsyncs each). */
    private static final int FILES = 150;

    @TempDir
    Path dir;

    private Scenario scenario;
    private AgentProcess agent;
    private final List<Tmpfs> mounts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            mounts.forEach(Tmpfs::close);
            if (scenario != null) {
                scenario.repo().close();
            }
        }
    }

    // (a) the target's file system fills up under a running agent

    @Test
    void aCommitThatDoesNotFitTheTargetIsWaitingWithDiskFullKeepsWhatWasAppliedAndConvergesOnceThereIsRoom()
            throws Exception {
        scenario = Scenario.overFile(dir);
        Tmpfs target = mount(scenario.live(), "1m");
        String first = scenario.manifest("motd", "motd.txt", "hello v1")
                .manifest("app", "app/config.ini", "port=80").repo().commit("v1");
        startAgent(Scenario.Options.defaults());
        awaitApplied(first);

        String big = text(1536 * 1024); // 1.5 MiB: more than the whole target holds
        String second = scenario.manifest("big", "data/big.txt", big).repo().commit("v2: a file that does not fit");

        awaitStatus("Waiting with DiskFull at v2",
                s -> second.equals(s.lastAttemptedRevision()) && s.reason().equals("DiskFull"));
        StackStatus waiting = status().orElseThrow();
        assertThat(waiting.condition()).isEqualTo("Waiting");
        assertThat(waiting.message()).contains(scenario.live().resolve("data/big.txt").toString())
                .contains("no space left on device")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(TEMP_MARKER);
        assertThat(waiting.lastAppliedRevision()).isEqualTo(first);
        assertThat(finishedRuns()).first().satisfies(run -> {
            assertThat(run.revision()).isEqualTo(second);
            assertThat(run.result()).isEqualTo("failed");
            assertThat(run.reason()).isEqualTo("DiskFull");
        });
        assertThat(agent.isAlive()).as(agent.log()).isTrue();
        assertThat(healthz()).isEqualTo(200);
        assertThat(scenario.liveFile("motd.txt")).isEqualTo("hello v1");
        assertThat(scenario.liveFile("app/config.ini")).isEqualTo("port=80");
        assertThat(scenario.liveFile("data/big.txt")).as("nothing part-written in its place").isNull();
        assertThat(tempFiles(scenario.live())).as("no temporary file is left behind").isEmpty();

        target.resize("4m");

        awaitApplied(second);
        assertThat(scenario.liveFile("data/big.txt")).isEqualTo(big);
        assertThat(scenario.liveFile("motd.txt")).isEqualTo("hello v1");
        assertThat(scenario.liveFile("app/config.ini")).isEqualTo("port=80");
        assertThat(tempFiles(scenario.live())).isEmpty();
        assertThat(agent.log()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(agent.terminate()).as(agent.log()).isIn(0, 143);
        assertThat(lease()).as("no lease is left held").isEmpty();
    }

    // (b) the stateDir's file system fills up while the agent applies

    @Test
    void aStateDirThatFillsUpMidApplyKeepsTheAgentUpTheStoreSoundAndNoLeaseHeldAndConvergesOnceThereIsRoom()
            throws Exception {
        scenario = Scenario.overFile(dir);
        Tmpfs state = mount(scenario.stateDir(), "16m");
        String first = scenario.manifest("motd", "motd.txt", "hello v1").repo().commit("v1");
        startAgent(Scenario.Options.defaults());
        awaitApplied(first);
        for (int i = 0; i < FILES; i++) {
            scenario.manifest("f" + i, "d" + (i % 10) + "/f" + i + ".txt", "content of file " + i);
        }
        scenario.manifest("motd", "motd.txt", "hello v2");
        String second = scenario.repo().commit("v2: " + FILES + " files, and motd");
        await("the run of v2 under way").atMost(CONVERGE).pollInterval(Duration.ofMillis(20))
                .until(() -> managedFiles() >= 2);

        state.fill(); // a few writes of the state store into its run

        String database = scenario.stateDir().resolve("state.db").toString();
        await("the agent says its state store has no room").atMost(CONVERGE).until(() -> agent.log().lines()
                .anyMatch(line -> line.contains(database) && line.contains("no space left on device")));
        assertThat(agent.isAlive()).as(agent.log()).isTrue();
        assertThat(healthz()).isEqualTo(200);
        assertThat(scenario.liveFile("motd.txt")).isIn("hello v1", "hello v2");
        assertThat(status()).as("the last status the store could keep").get()
                .extracting(StackStatus::lastAppliedRevision).isEqualTo(first);
        assertThat(tempFiles(scenario.live())).isEmpty();

        state.free();

        awaitApplied(second);
        assertThat(managedFiles()).isEqualTo(FILES);
        assertThat(scenario.liveFile("d3/f123.txt")).isEqualTo("content of file 123");
        assertThat(scenario.liveFile("motd.txt")).isEqualTo("hello v2");
        assertThat(tempFiles(scenario.live())).isEmpty();
        try (StateStore store = scenario.store()) {
            assertThat(store.inventory(Scenario.STACK)).hasSize(FILES + 1)
                    .allSatisfy((key, entry) -> assertThat(entry.pending()).as(key.display()).isFalse());
        }
        assertThat(agent.isAlive()).isTrue();
        assertThat(agent.log()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(agent.terminate()).as(agent.log()).isIn(0, 143);
        assertThat(lease()).as("no lease is left held").isEmpty();

        Cli.Result verify = Cli.run("state", "verify", "--config", scenario.config().toString());
        assertThat(verify.code()).as(verify.toString()).isZero();
        assertThat(verify.out()).startsWith(database + ": sound");
    }

    // (c) plumbline apply on a full target

    @Test
    void applyOnAFullTargetFailsInASentenceNamingThePathAndReleasesItsLease() throws Exception {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        Tmpfs target = mount(scenario.live(), "1m");
        scenario.manifest("motd", "motd.txt", "hello v1").manifest("app", "app/config.ini", "port=80")
                .repo().commit("v1");
        Cli.Result applied = Cli.run("apply", "--config", scenario.config().toString());
        assertThat(applied.code()).as(applied.toString()).isZero();

        target.fill();
        String second = scenario.manifest("motd", "motd.txt", "hello v2").manifest("news", "news.txt", "fresh")
                .repo().commit("v2, while the target is full");

        int code;
        String log;
        try (PlumblineProcess apply = PlumblineProcess.plumbline(dir.resolve("apply.log"), "apply", "--config",
                scenario.config().toString())) {
            code = apply.waitFor(120);
            log = apply.log();
        }

        assertThat(code).as(log).isEqualTo(1);
        assertThat(log).contains("web: DiskFull:")
                .containsAnyOf(scenario.live().resolve("motd.txt") + ": ", scenario.live().resolve("news.txt") + ": ")
                .contains("no space left on device")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(TEMP_MARKER);
        assertThat(lease()).as("the failed apply released its lease").isEmpty();
        assertThat(scenario.liveFile("motd.txt")).isEqualTo("hello v1");
        assertThat(scenario.liveFile("app/config.ini")).isEqualTo("port=80");
        assertThat(scenario.liveFile("news.txt")).isNull();
        assertThat(tempFiles(scenario.live())).isEmpty();

        target.free();

        Cli.Result again = Cli.run("apply", "--config", scenario.config().toString(), "--lock-timeout", "0s");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(scenario.liveFile("motd.txt")).isEqualTo("hello v2");
        assertThat(scenario.liveFile("news.txt")).isEqualTo("fresh");
        assertThat(scenario.liveFile("app/config.ini")).isEqualTo("port=80");
        assertThat(scenario.status().lastAppliedRevision()).isEqualTo(second);
        assertThat(tempFiles(scenario.live())).isEmpty();
    }

    // helpers

    private Tmpfs mount(Path directory, String size) {
        Tmpfs tmpfs = Tmpfs.mount(directory, size);
        mounts.add(tmpfs);
        return tmpfs;
    }

    private void startAgent(Scenario.Options options) {
        scenario.writeConfig(options);
        agent = AgentProcess.start(scenario.config(), dir.resolve("agent.log"));
    }

    private Optional<StackStatus> status() {
        try (StateStore store = scenario.store()) {
            return store.status(Scenario.STACK);
        }
    }

    private Optional<LeaseInfo> lease() {
        try (StateStore store = scenario.store()) {
            return store.lease(Scenario.STACK);
        }
    }

    /** The stack's finished runs, newest first (a retry may be under way, its row not finished yet). */
    private List<RunRecord> finishedRuns() {
        try (StateStore store = scenario.store()) {
            return store.history(Scenario.STACK, 50).stream().filter(run -> run.finishedAt() != null).toList();
        }
    }

    private void awaitApplied(String sha) {
        awaitStatus("Ready at " + sha, s -> s.condition().equals("Ready") && sha.equals(s.lastAppliedRevision()));
    }

    /** Waits for the stack's status to match; says what it was, and what the agent logged, if it never does. */
    private void awaitStatus(String what, Predicate<StackStatus> wanted) {
        try {
            await("stack web " + what).atMost(CONVERGE).until(() -> status().map(wanted::test).orElse(false));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("stack web never " + what + "; its status: " + status().orElse(null)
                    + (agent == null ? "" : "\nthe agent's log:\n" + agent.log()), e);
        }
    }

    /** The status code of the agent's {@code GET /healthz}. */
    private int healthz() throws InterruptedException {
        String url = agent.adminUrl().orElseThrow(() -> new AssertionError("the agent logged no admin address: "
                + agent.log()));
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/healthz")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("the agent does not answer /healthz; log:\n" + agent.log(), e);
        }
    }

    /** How many files of the {@code d*} directories of (b) are live. */
    private long managedFiles() {
        try (Stream<Path> walk = Files.walk(scenario.live())) {
            return walk.filter(path -> path.getFileName().toString().matches("f\\d+\\.txt"))
                    .filter(Files::isRegularFile).count();
        } catch (IOException | UncheckedIOException e) {
            return -1; // a temporary file renamed away under the walk: ask again
        }
    }

    /** {@code bytes} of text in lines that tell themselves apart, so that a part-written copy shows. */
    private static String text(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 64);
        for (int line = 0; text.length() < bytes; line++) {
            text.append(String.format("line %08d of a file larger than its disk%n", line));
        }
        return text.substring(0, bytes - 1) + "x";
    }

    /** The files provider's temporary files anywhere under {@code root}. */
    private static List<Path> tempFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().contains(TEMP_MARKER)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
