package dev.plumbline.it.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.state.AgentLock;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.PlumblineProcess;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases between real processes: a {@code plumbline apply} killed with SIGKILL mid-run leaves a lease the next
 * apply on this host takes over at once (not after it expires); an apply while another holds the lease waits
 * its {@code --lock-timeout} and fails naming the holder; {@code plumbline unlock} breaks a lease and is in
 * the audit log; and one agent per state directory, by its OS lock.
 */
class LeaseIT {

    /**
     * Enough files that applying them takes a while (each is a few fsyncs), so that the first apply can be caught
     * mid-run; it is then paused (SIGSTOP) while the second waits for its lease, and killed.
     */
    private static final int FILES = 3000;

    @TempDir
    Path dir;

    private Scenario scenario;

    private String config() {
        return scenario.config().toString();
    }

    /** A scenario over {@code files} files, committed; returns the commit. */
    private String commitFiles(int files) {
        scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults());
        for (int i = 0; i < files; i++) {
            scenario.manifest("f" + i, "d" + (i % 20) + "/f" + i + ".txt", "content of file " + i);
        }
        try {
            Files.createDirectories(scenario.live());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scenario.repo().commit(files + " files");
    }

    /** How many managed files are live now (the provider's own records under .plumbline aside). */
    private long liveFiles() {
        try (Stream<Path> walk = Files.walk(scenario.live())) {
            return walk.filter(path -> !scenario.live().relativize(path).toString().startsWith(".plumbline"))
                    .filter(path -> path.getFileName().toString().endsWith(".txt")
                            && !path.getFileName().toString().contains("plumbline-tmp"))
                    .filter(Files::isRegularFile).count();
        } catch (IOException | UncheckedIOException e) {
            return -1; // a temporary file renamed away under our feet: ask again
        }
    }

    private Optional<LeaseInfo> lease() {
        try (StateStore store = scenario.store()) {
            return store.lease(Scenario.STACK);
        }
    }

    @Test
    void aKilledApplyLeavesALeaseTheNextApplyTakesOverAtOnceWhileAnotherApplyWaitsAndNamesTheHolder()
            throws Exception {
        String sha = commitFiles(FILES);
        long firstPid;
        try (PlumblineProcess first = PlumblineProcess.plumbline(dir.resolve("apply-1.log"), "apply", "--config",
                config())) {
            firstPid = first.pid();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> liveFiles() >= FILES / 10);
            assertThat(lease()).as("the running apply holds the lease").get()
                    .satisfies(held -> assertThat(held.holder()).extracting(LeaseHolder::role, LeaseHolder::pid)
                            .containsExactly("cli", firstPid));
            first.pause(); // mid-run, lease held, however quickly it would have finished the rest

            long started = System.nanoTime();
            Cli.Result second = Cli.run("apply", "--config", config(), "--lock-timeout", "1s");

            assertThat(first.isAlive()).as("the first apply was still running; " + first.log()).isTrue();
            assertThat(second.code()).as(second.toString()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(second.err()).contains("web: Locked:")
                    .contains("stack 'web' is locked by cli pid " + firstPid + " on host " + LeaseHolder.thisHost()
                            + " (instance ")
                    .contains("; it is renewed while its run lives; if that process is gone for good, run"
                            + " 'plumbline unlock web'");

            first.kill();
        }
        // the files provider writes up to 1,000 files in one batch, so the kill may come after the last file
        // and before the run records it: what shows the run was cut short is that it never ended
        try (StateStore store = scenario.store()) {
            assertThat(store.status(Scenario.STACK).map(status -> status.lastAppliedRevision()))
                    .as("the first apply was killed in the middle of its run").isNotEqualTo(Optional.of(sha));
        }
        assertThat(lease()).as("a killed process releases nothing").get()
                .extracting(held -> held.holder().pid()).isEqualTo(firstPid);

        Cli.Result next = Cli.run("apply", "--config", config(), "--lock-timeout", "0s");

        assertThat(next.code()).as("taken over at once, without waiting: " + next).isZero();
        assertThat(liveFiles()).isEqualTo(FILES);
        assertThat(scenario.status().lastAppliedRevision()).isEqualTo(sha);
        assertThat(lease()).as("released at the end of the run").isEmpty();
        try (StateStore store = scenario.store()) {
            assertThat(store.inventory(Scenario.STACK)).hasSize(FILES)
                    .allSatisfy((key, entry) -> assertThat(entry.pending()).isFalse());
        }
    }

    @Test
    void unlockBreaksALeaseOfAProcessGoneForGoodAndIsInTheAuditLog() {
        String sha = commitFiles(1);
        LeaseHolder elsewhere = new LeaseHolder("agent", "build-07.example.invalid", 4242, Optional.empty(),
                "0000beef");
        try (StateStore store = scenario.store()) {
            store.acquire(Scenario.STACK, elsewhere, Duration.ofMinutes(5)).orElseThrow();
        }
        String holder = "agent pid 4242 on host build-07.example.invalid (instance 0000beef) since ";

        Cli.Result refused = Cli.run("apply", "--config", config(), "--lock-timeout", "0s");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("stack 'web' is locked by " + holder);

        Cli.Result unlock = Cli.run("unlock", "web", "--config", config());
        assertThat(unlock.code()).as(unlock.toString()).isZero();
        assertThat(unlock.out()).startsWith("web: broke the lease of " + holder);
        try (StateStore store = scenario.store()) {
            assertThat(store.audit().recent(10)).filteredOn(entry -> entry.action().equals("unlock")).singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.actor()).isEqualTo("cli:" + System.getProperty("user.name") + "@"
                                + LeaseHolder.thisHost());
                        assertThat(entry).extracting(AuditEntry::target, AuditEntry::status)
                                .containsExactly("stack/web", 200);
                        assertThat(entry.result()).startsWith("broke the lease of " + holder);
                    });
        }

        Cli.Result applied = Cli.run("apply", "--config", config(), "--lock-timeout", "0s");
        assertThat(applied.code()).as(applied.toString()).isZero();
        assertThat(scenario.liveFile("d0/f0.txt")).isEqualTo("content of file 0");
        assertThat(scenario.status().lastAppliedRevision()).isEqualTo(sha);
    }

    /**
     * Two real {@code plumbline agent} processes on one config: the second is refused naming the first and
     * exits, the first keeps running; once the first is killed with SIGKILL a new agent starts at once (the
     * OS let go of the lock with the process).
     */
    @Test
    void aSecondAgentOnOneStateDirectoryIsRefusedNamingTheFirst() throws Exception {
        commitFiles(3);
        long firstPid;
        try (PlumblineProcess first = PlumblineProcess.plumbline(dir.resolve("first.log"), "agent", "--config",
                config())) {
            firstPid = first.pid();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.log().contains("agent started"));

            try (PlumblineProcess second = PlumblineProcess.plumbline(dir.resolve("second.log"), "agent",
                    "--config", config())) {
                int code = second.waitFor(60);
                assertThat(code).as(second.log()).isNotZero();
                assertThat(second.log()).contains("another agent already runs with the state directory")
                        .contains("agent pid " + firstPid + " on host " + LeaseHolder.thisHost() + " since ")
                        .doesNotContain("agent started").doesNotContain("\tat ");
            }
            assertThat(first.isAlive()).as("the first agent is not disturbed").isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> "content of file 0".equals(
                    scenario.liveFile("d0/f0.txt")));
            first.kill();
        }
        try (PlumblineProcess third = PlumblineProcess.plumbline(dir.resolve("third.log"), "agent", "--config",
                config())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> third.log().contains("agent started")
                    || !third.isAlive());
            assertThat(third.isAlive()).as(third.log()).isTrue();
        }
        try (AgentLock lock = AgentLock.acquire(scenario.stateDir())) {
            assertThat(Files.readString(lock.file())).as("the OS let go of the killed agents' lock")
                    .startsWith("agent pid " + ProcessHandle.current().pid() + " on host ");
        }
    }
}
