package dev.plumbline.bench;

import java.util.concurrent.Callable;

/** Times work in this JVM, and settles the disks before timed writes. */
public final class Stopwatch {

    private Stopwatch() {
    }

    /** Seconds {@code work} took, wall clock. */
    public static double seconds(Callable<?> work) throws Exception {
        long started = System.nanoTime();
        work.call();
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * {@code sync}: writes out what earlier rounds left dirty (deleted trees, written files) so that a timed
     * run does not pay for the round before it.
     */
    public static void settleDisks() {
        try {
            Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sync.waitFor();
        } catch (java.io.IOException e) {
            Progress.say("sync failed: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
