package dev.plumbline.agent.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The store's identity, kept twice: inside the database (table {@code store_identity}, written once by
 * {@link StoreIdMigration}) and beside it in {@code <stateDir>/state.id}, the marker. The marker is the
 * evidence that Plumbline ran with this stateDir before, so that a lost {@code state.db} is never mistaken
 * for a first run; its id tells this agent's database from another one swapped in.
 */
final class StoreId {

    /** The marker's file name, beside {@code state.db}. */
    static final String MARKER = "state.id";

    static final String TABLE = "store_identity";

    private static final String HEADER = """
            # Plumbline state store id. state.db holds the same id: a state.db that does not is not this stateDir's.
            # Keep this file: it tells a lost state.db from a first run (see "The state store" in docs/concepts.md).
            """;

    private StoreId() {
    }

    /** The id inside the database; absent in one no build with {@link StoreIdMigration} has opened yet. */
    static Optional<String> read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                     + " AND name = '" + TABLE + "'")) {
            if (!rows.next() || rows.getInt(1) == 0) {
                return Optional.empty();
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM " + TABLE)) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        }
    }

    /** The id the marker names: absent without a marker, blank when the marker holds none. */
    static Optional<String> readMarker(Path stateDir) throws IOException {
        Path marker = stateDir.resolve(MARKER);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                return Optional.of(text);
            }
        }
        return Optional.of("");
    }

    /**
     * Writes the marker unless there is one: a temporary file, flushed to disk, renamed into place. An
     * existing marker, even one that names another id, is left as it is (the check reports the mismatch).
     */
    static void writeMarkerIfAbsent(Path stateDir, String id) throws IOException {
        Path marker = stateDir.resolve(MARKER);
        if (Files.exists(marker)) {
            return;
        }
        Path temp = stateDir.resolve(MARKER + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(HEADER + id + "\n"));
                channel.force(true);
            }
            if (Files.exists(marker)) {
                return; // another process wrote it meanwhile, with the same id: the database holds one
            }
            try {
                Files.move(temp, marker, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, marker);
            }
            Fsync.directory(stateDir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
