package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.model.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/** State directories and files for the tests of the state package: stores with rows, damage, snapshots. */
final class StateFiles {

    static final String SHA = "1111111111111111111111111111111111111111";
    static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");

    private StateFiles() {
    }

    static ResourceKey key(String name) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", name);
    }

    /** A store in {@code stateDir} that applied {@code files} files of stack web, closed again. */
    static Path storeWith(Path stateDir, int files) {
        try (SqliteStateStore store = SqliteStateStore.open(stateDir)) {
            for (int i = 0; i < files; i++) {
                store.applied("web", key("file-" + i), "sha256:" + i, SHA);
            }
            store.saveStatus(new StackStatus("web", SHA, T0, SHA, T0, "Ready", "ReconciliationSucceeded", "ok", 0, T0));
        }
        return stateDir.resolve(SqliteStateStore.FILE_NAME);
    }

    /** Runs statements on {@code file} with a plain connection (creating it, if need be). */
    static void sql(Path file, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static String query(Path file, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** A database of this build's schema up to {@code version} only, as an older Plumbline left it. */
    static Path olderStore(Path stateDir, String version) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve(SqliteStateStore.FILE_NAME);
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        Flyway.configure(StateFiles.class.getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/migration/sqlite").target(version).loggers("slf4j").load().migrate();
        return file;
    }

    /** Adds a row to the Flyway history as a migration of another (newer) build would. */
    static void addMigration(Path file, String version, String description) {
        sql(file, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) VALUES ((SELECT max(installed_rank) + 1 FROM"
                + " flyway_schema_history), '" + version + "', '" + description + "', 'SQL', 'V" + version + "__x.sql',"
                + " 12345, 'test', 0, 1)");
    }

    /** Damages the first page of the inventory table's tree: the page type byte becomes one no page has. */
    static void damageInventory(Path file) {
        int page = Integer.parseInt(query(file, "SELECT rootpage FROM sqlite_master WHERE name = 'inventory'"));
        int size = Integer.parseInt(query(file, "PRAGMA page_size"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0x6f, 0x6f, 0x6f, 0x6f}), (long) (page - 1) * size);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Changes one key in the inventory's primary key index (file-1 becomes file-X there, not in the table), so
     * that SQLite's integrity check finds rows missing from the index, while every page still reads.
     */
    static void damageIndex(Path file) {
        int page = Integer.parseInt(query(file, "SELECT rootpage FROM sqlite_master"
                + " WHERE name = 'sqlite_autoindex_inventory_1'"));
        int size = Integer.parseInt(query(file, "PRAGMA page_size"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocate(size);
            channel.read(bytes, (long) (page - 1) * size);
            String text = new String(bytes.array(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int at = text.indexOf("file-1");
            if (at < 0) {
                throw new AssertionError("no key file-1 on the index's first page");
            }
            channel.write(ByteBuffer.wrap(new byte[] {'X'}), (long) (page - 1) * size + at + 5);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Git mirrors as the agent keeps them: {@code <stateDir>/mirrors/<source>.git/...}. */
    static void mirrors(Path stateDir) throws IOException {
        Path mirror = Files.createDirectories(stateDir.resolve("mirrors/infra.git"));
        Files.writeString(mirror.resolve("HEAD"), "ref: refs/heads/main\n");
    }

    /** Every file under {@code dir} with a digest of its bytes: to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path)) {
                    files.put(dir.relativize(path).toString(), digest(Files.readAllBytes(path)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String digest(byte[] bytes) {
        try {
            return bytes.length + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
