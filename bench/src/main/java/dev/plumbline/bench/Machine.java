package dev.plumbline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine the bench runs on, as the table's header line says it: cores, memory, Java, load. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), load average "
                + load();
    }

    /** The 1-minute load average, from {@code /proc/loadavg}. */
    public static String load() {
        return read("/proc/loadavg").split(" ")[0];
    }

    private static String memory() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB RAM";
            }
        }
        return "unknown RAM";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
