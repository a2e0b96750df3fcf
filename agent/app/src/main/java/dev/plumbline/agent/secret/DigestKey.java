package dev.plumbline.agent.secret;

import dev.plumbline.model.SecretDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The key of the agent's {@link SecretDigest}: {@value #FILE} under the state directory, {@value
 * SecretDigest#KEY_BYTES} random bytes, mode 0600, made the first time a workspace opens and read by every
 * later one (the CLI and the agent share it, so their inventories agree). Losing it costs nothing but one
 * re-recording of each secret's inventory entry (no target is written); a copy of the state file without it
 * holds nothing a secret could be guessed from.
 */
public final class DigestKey {

    public static final String FILE = "secret-digest.key";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DigestKey() {
    }

    /** The digest of the key in {@code stateDir}, making the key when there is none yet. */
    public static SecretDigest load(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(stateDir, file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < SecretDigest.KEY_BYTES) {
                throw new IllegalStateException(file + " holds " + key.length + " bytes, not the "
                        + SecretDigest.KEY_BYTES + " of a key; delete it and the next start makes a new one (each"
                        + " secret's inventory entry is recorded again once; no target is written)");
            }
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return SecretDigest.of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the secret digest key " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** Writes a new key beside {@code file} and links it into place, so that two processes agree on one key. */
    private static void create(Path stateDir, Path file) throws IOException {
        Files.createDirectories(stateDir);
        Path temp = Files.createTempFile(stateDir, FILE, ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.write(temp, SecretDigest.randomKey());
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // another process made it first: use theirs
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
