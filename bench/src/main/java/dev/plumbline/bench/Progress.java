package dev.plumbline.bench;

/** What the bench is doing, on stderr (stdout is the table or the JSON), each line with the time since start. */
public final class Progress {

    private static final long STARTED = System.nanoTime();

    private Progress() {
    }

    public static void say(String format, Object... arguments) {
        double seconds = (System.nanoTime() - STARTED) / 1e9;
        System.err.printf("[bench %6.1fs] %s%n", seconds, format.formatted(arguments));
        System.err.flush();
    }
}
