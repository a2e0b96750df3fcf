package dev.plumbline.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Freezes a server the tests started (SIGSTOP) and thaws it (SIGCONT), for tests of a server that is there but
 * does not answer, or of an agent held in the middle of its work. Each returns only once the signal took hold
 * in every thread of the process: kill(2) only asks, and on a loaded machine a thread at work may still answer
 * a request sent right after it returns. Linux only (it reads {@code /proc/<pid>/task/<tid>/stat}).
 */
public final class ProcessSignals {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private ProcessSignals() {
    }

    /** SIGSTOP to {@code pid}; returns once every thread of it is stopped, or it ended. */
    public static void stop(long pid) {
        signal(pid, "STOP");
        await(pid, true);
    }

    /** SIGCONT to {@code pid}; returns once no thread of it is stopped, or it ended. */
    public static void resume(long pid) {
        signal(pid, "CONT");
        await(pid, false);
    }

    private static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name + " to " + pid, e);
        }
    }

    private static void await(long pid, boolean stopped) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try {
            Awaitility.await().atMost(WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> every(tasks, stopped));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the threads of pid " + pid + " are not all "
                    + (stopped ? "stopped" : "running") + " " + WITHIN.toSeconds() + " s after the signal", e);
        }
    }

    /**
     * Whether every thread under {@code tasks} is stopped (state T), or, when not {@code stopped}, none is; a
     * thread that ended (or a process that did) counts either way.
     */
    private static boolean every(Path tasks, boolean stopped) {
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(thread -> {
                char state = state(thread);
                return state == 'Z' || state == 'X' || stopped == (state == 'T' || state == 't');
            });
        } catch (NoSuchFileException e) {
            return true; // the process ended
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
    }

    /** The state letter of {@code thread} (R, S, D, T, Z...); X when it ended meanwhile. */
    private static char state(Path thread) {
        try {
            // "tid (name) state ...": a name may hold spaces and parentheses, the state follows the last ')'
            String stat = Files.readString(thread.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return 'X';
        }
    }
}
