package dev.plumbline.agent.client;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Spans of time as people read them in a table: ages like {@code kubectl get} prints them ({@code 45s},
 * {@code 5m}, {@code 3h}, {@code 2d}) and run durations ({@code 412ms}, {@code 1.2s}, {@code 2m3s}).
 */
public final class Elapsed {

    private Elapsed() {
    }

    /** How long ago {@code at} (ISO-8601) was, like {@code 5m}; "-" when absent or unreadable. */
    public static String since(String at, Instant now) {
        Instant then = instant(at);
        return then == null ? "-" : age(Duration.between(then, now).abs());
    }

    /** {@code at} with the time to or since it: {@code 2026-11-24T10:05:01Z (in 4m)} or {@code (5m ago)}. */
    public static String relative(String at, Instant now) {
        Instant then = instant(at);
        if (then == null) {
            return at == null || at.isEmpty() ? "-" : at;
        }
        String age = age(Duration.between(then, now).abs());
        return then + (then.isAfter(now) ? " (in " + age + ")" : " (" + age + " ago)");
    }

    /** A run's duration: {@code 412ms}, {@code 1.2s}, {@code 2m3s}. */
    public static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return seconds / 3600 > 0 ? seconds / 3600 + "h" + seconds / 60 % 60 + "m"
                : seconds / 60 + "m" + seconds % 60 + "s";
    }

    private static String age(Duration span) {
        long seconds = span.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    private static Instant instant(String at) {
        if (at == null || at.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
