package dev.plumbline.engine.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds a stack's lease: one engine of one process. The role ({@code agent}, {@code cli}), the host, the
 * process id with the time that process started (so that a pid used again by another process is not taken
 * for the holder), and a random instance id per engine, so that two agents on one host, or two engines of
 * one process, are told apart. A holder on this host whose process is gone can be judged so at once
 * ({@link #goneFromThisHost}); one on another host only by its lease expiring. Host names tell hosts apart:
 * containers sharing a state directory need names of their own (they have them unless they share the
 * host's network).
 */
public record LeaseHolder(String role, String host, long pid, Optional<Instant> processStart, String instance) {

    /** Two readings of one process's start time may differ by a clock tick; more than this is another process. */
    private static final Duration SAME_START = Duration.ofSeconds(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String THIS_HOST = hostname();

    public LeaseHolder {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(instance, "instance");
        if (role.isBlank() || instance.isBlank()) {
            throw new IllegalArgumentException("a lease holder has a role and an instance id");
        }
        processStart = processStart == null ? Optional.empty()
                : processStart.map(start -> start.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A new holder for an engine of this process, as {@code role} ({@code agent}, {@code cli}). */
    public static LeaseHolder thisProcess(String role) {
        ProcessHandle self = ProcessHandle.current();
        return new LeaseHolder(role, THIS_HOST, self.pid(), self.info().startInstant(),
                String.format("%08x", RANDOM.nextInt()));
    }

    /** This host's name, as holders record it. */
    public static String thisHost() {
        return THIS_HOST;
    }

    /**
     * Whether the holder ran on this host and its process is gone: no live process has its id, or the one
     * that has it started at another time. A holder on another host is never judged gone.
     */
    public boolean goneFromThisHost() {
        if (!host.equals(THIS_HOST)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return processStart.isPresent() && started.isPresent()
                && Duration.between(started.get(), processStart.get()).abs().compareTo(SAME_START) > 0;
    }

    /** The holder in words: {@code agent pid 1234 on host h (instance 5e1f09ab)}. */
    public String describe() {
        return role + " pid " + pid + " on host " + host + " (instance " + instance + ")";
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
