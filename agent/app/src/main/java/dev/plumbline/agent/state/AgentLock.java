package dev.plumbline.agent.state;

import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One agent per state directory: an OS file lock on {@code <stateDir>/agent.lock}, held for as long as the
 * agent runs and let go by the operating system when its process ends, however it ends (a SIGKILL too). The
 * file holds the holder in words, so that a second agent is refused naming the first. The CLI takes no such
 * lock: {@code plumbline apply} may run beside the agent, and the stacks' leases keep their runs apart. The
 * file is never deleted (deleting a lock file lets two processes each lock a file of that name). Like every
 * OS file lock, it needs a local file system: a network one may not lock at all.
 */
public final class AgentLock implements AutoCloseable {

    public static final String FILE_NAME = "agent.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code stateDir} (creating the directory if need be) for this process, or refuses when
     * another agent, in this process or another, holds it.
     *
     * @throws TransientException with the reason {@code Locked} naming the holder when another agent holds it,
     *         with {@code StateStoreError} when the file cannot be opened or locked
     */
    public static AgentLock acquire(Path stateDir) {
        return acquire(stateDir, "agent", (dir, holder, file) -> "another agent already runs with the state"
                + " directory " + dir + ": " + holder + "; stop it first, or give this agent a stateDir of its own (the"
                + " lock is " + file + ")");
    }

    /**
     * Takes the lock for a command that must not run beside an agent ({@code state rebuild-inventory}): an
     * agent that starts meanwhile is refused, naming the command; while an agent runs, the command is refused.
     *
     * @throws TransientException as {@link #acquire(Path)} does
     */
    public static AgentLock acquireFor(Path stateDir, String command) {
        return acquire(stateDir, "plumbline " + command, (dir, holder, file) -> "An agent runs with the state"
                + " directory " + dir + " (" + holder + "; the lock is " + file + "): stop it, then run plumbline "
                + command + " again. Nothing was changed.");
    }

    /** The sentence that refuses the lock: who holds the lock file {@code file} of directory {@code dir}. */
    @FunctionalInterface
    private interface Refusal {
        String say(Path dir, String holder, Path file);
    }

    private static AgentLock acquire(Path stateDir, String role, Refusal refusal) {
        Path file = stateDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // an agent of this very process holds it
            }
            if (lock == null) {
                String holder = read(channel);
                channel.close();
                throw new TransientException(Reasons.LOCKED, refusal.say(file.getParent(), holder.isEmpty()
                        ? "one that is starting" : holder, file));
            }
            ProcessHandle self = ProcessHandle.current();
            String holder = role + " pid " + self.pid() + " on host " + LeaseHolder.thisHost() + " since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new AgentLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new TransientException(Reasons.STATE_STORE_ERROR, "Could not lock " + file + " for this agent: "
                    + e.getMessage() + ".", e);
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Empties the file and lets go of the lock; closing again does nothing. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException ignored) {
            // closing the channel lets go of the lock all the same
        } finally {
            closeQuietly(channel);
        }
    }

    /** What the holder wrote in the file, on one line. */
    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }
}
