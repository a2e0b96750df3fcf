package dev.plumbline.it.crash.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.it.fixture.AgentProcess;
import dev.plumbline.it.fixture.PlumblineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline apply} and {@code plumbline agent}, each a process of its own, killed with SIGKILL at
 * random points of 1,000-file runs of the files provider over three rounds (create, update, prune; see
 * {@link CrashRounds}): three kills per round for the CLI (restarted with {@code --lock-timeout 0s}, so a
 * restart that waited for the dead holder's lease would fail), two for the agent. The two harnesses run side
 * by side, each over a scenario of its own, to keep the class well under three minutes on two cores (the
 * work is mostly fsync); the seed and the time are printed, and every assertion message names the seed.
 */
class CrashHarnessIT {

    @TempDir
    Path dir;

    @Test
    void killedApplyAndAgentConvergeEachRoundExactly() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(dir.resolve("cli"));
        Files.createDirectories(dir.resolve("agent"));
        List<CrashRounds> harnesses = List.of(
                new CrashRounds(dir.resolve("cli"), "cli", 3, (rounds, log) -> cliVictim(PlumblineProcess.plumbline(
                        log, "apply", "--config", rounds.scenario().config().toString(), "--lock-timeout", "0s"))),
                new CrashRounds(dir.resolve("agent"), "agent", 2, (rounds, log) -> agentVictim(rounds,
                        AgentProcess.start(rounds.scenario().config(), log))));
        ExecutorService pool = Executors.newFixedThreadPool(harnesses.size());
        List<String> lines = new ArrayList<>();
        AssertionError failed = null;
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (CrashRounds harness : harnesses) {
                runs.add(pool.submit(harness::run));
            }
            for (Future<String> run : runs) {
                try {
                    lines.add(run.get(10, TimeUnit.MINUTES)); // a hang guard: a loaded machine took over 5
                } catch (java.util.concurrent.ExecutionException e) {
                    AssertionError error = e.getCause() instanceof AssertionError assertion ? assertion
                            : new AssertionError("seed " + CrashRounds.SEED + ": " + e.getCause(), e.getCause());
                    if (failed == null) {
                        failed = error;
                    } else {
                        failed.addSuppressed(error);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        lines.forEach(line -> System.out.println("crash harness: " + line));
        System.out.printf("crash harness: seed %d (replay: -Dcrash.seed=%d), whole class %.1f s%n", CrashRounds.SEED,
                CrashRounds.SEED, seconds);
        if (failed != null) {
            throw failed;
        }
    }

    private static CrashRounds.Victim cliVictim(PlumblineProcess process) {
        return new CrashRounds.Victim() {
            public boolean isAlive() {
                return process.isAlive();
            }

            public void kill() throws InterruptedException {
                process.kill();
            }

            public String log() {
                return process.log();
            }

            public void finish(CrashRounds.Round round, String context) throws Exception {
                int code = process.waitFor(120);
                assertThat(code).as(context + ": the last apply's exit code; log:\n" + process.log()).isZero();
            }

            public void close() {
                process.close();
            }
        };
    }

    private static CrashRounds.Victim agentVictim(CrashRounds rounds, AgentProcess process) {
        return new CrashRounds.Victim() {
            public boolean isAlive() {
                return process.isAlive();
            }

            public void kill() throws InterruptedException {
                process.kill();
            }

            public String log() {
                return process.log();
            }

            public void finish(CrashRounds.Round round, String context) throws Exception {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .failFast(context + ": the agent ended; log:\n" + process.log(), () -> !process.isAlive())
                        .until(() -> round.sha().equals(rounds.lastApplied()));
                assertThat(process.terminate()).as(context + ": the agent's exit code after SIGTERM").isIn(0, 143);
            }

            public void close() {
                process.close();
            }
        };
    }

}
