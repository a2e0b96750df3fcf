package dev.plumbline.bench.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running JVM holds: its resident set ({@code VmRSS} and the peak {@code VmHWM} of
 * {@code /proc/PID/status}), and its heap after a full collection ({@code jcmd PID GC.run}, then the used
 * heap of {@code jcmd PID GC.heap_info}).
 */
public final class JvmMemory {

    /**
     * A line of {@code GC.heap_info} with a total and a use: one for G1 ({@code garbage-first heap}), one per
     * generation for the parallel and serial collectors ({@code PSYoungGen} and {@code ParOldGen}), summed.
     */
    private static final Pattern HEAP = Pattern.compile("(?m)^\\s*\\S.*?\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    /** The Java heap as {@code GC.heap_info} tells it: committed and in use, in MiB. */
    public record Heap(double committedMib, double usedMib) {
    }

    private JvmMemory() {
    }

    /** {@code VmRSS} or {@code VmHWM} of the process, in MiB. */
    public static double statusMib(ProcessHandle jvm, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of pid " + jvm.pid(), e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + jvm.pid() + "/status");
    }

    /** The heap in use after a full GC, in MiB; {@code scratch} holds jcmd's output. */
    public static double heapAfterGcMib(ProcessHandle jvm, Path scratch) {
        jcmd(jvm, scratch.resolve("jcmd-" + jvm.pid() + ".txt"), "GC.run");
        return heap(jvm, scratch).usedMib();
    }

    /** The heap as it is now (no collection forced); {@code scratch} holds jcmd's output. */
    public static Heap heap(ProcessHandle jvm, Path scratch) {
        return heap(jcmd(jvm, scratch.resolve("jcmd-" + jvm.pid() + ".txt"), "GC.heap_info"));
    }

    /** The heap as {@code info}, what {@code GC.heap_info} printed, tells it. */
    static Heap heap(String info) {
        Matcher matcher = HEAP.matcher(info);
        long total = 0;
        long used = 0;
        boolean found = false;
        while (matcher.find()) {
            found = true;
            total += Long.parseLong(matcher.group(1));
            used += Long.parseLong(matcher.group(2));
        }
        if (!found) {
            throw new IllegalStateException("jcmd GC.heap_info said no heap use I can read:\n" + info);
        }
        return new Heap(total / 1024.0, used / 1024.0);
    }

    private static String jcmd(ProcessHandle jvm, Path log, String command) {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Timed timed = Timed.run(List.of("jcmd", String.valueOf(jvm.pid()), command), Map.of(), log);
        if (timed.exit() != 0) {
            throw new IllegalStateException("jcmd " + jvm.pid() + " " + command + " exited " + timed.exit() + ": "
                    + timed.output());
        }
        return timed.output();
    }
}
