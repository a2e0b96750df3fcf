package dev.plumbline.it.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL that a test can stop and start again on the same port and data directory (the shared
 * {@code PostgresServer} fixture deletes its data when it stops): a database server that goes away and comes
 * back. As that fixture does, it runs {@code initdb} and {@code pg_ctl} from the newest installation under
 * {@code /usr/lib/postgresql} (as the {@code postgres} OS user when the tests run as root), with a superuser
 * that has a password, on 127.0.0.1 only. A missing installation fails the test.
 */
final class PostgresNode implements AutoCloseable {

    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final String USER = "plumbline";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password = "pg-" + UUID.randomUUID();
    private boolean running;

    private PostgresNode(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Runs {@code initdb} in a new temporary directory and starts the server on a free port. */
    static PostgresNode start() {
        try {
            Path dir = Files.createTempDirectory("plumbline-faults-pg-");
            PostgresNode node = new PostgresNode(installation(), dir, freePort());
            node.initdb();
            node.launch();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up PostgreSQL", e);
        }
    }

    /** Starts the server again on its port and data directory. */
    void restart() {
        launch();
    }

    /** Stops the server: {@code immediate} is a crash as far as the server is concerned, {@code fast} is clean. */
    synchronized void stop(String mode) {
        if (!running) {
            return;
        }
        run("pg_ctl", "-D", data(), "-m", mode, "-w", "-t", String.valueOf(TIMEOUT_SECONDS), "stop");
        running = false;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String user() {
        return USER;
    }

    String password() {
        return password;
    }

    /** Runs {@code sql} on {@code database} as the superuser. */
    void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row of a query on {@code database}, if there is a row. */
    Optional<Object> value(String database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.ofNullable(result.getObject(1)) : Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        try {
            stop("fast");
        } finally {
            delete(dir);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    private void initdb() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("sock"));
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n");
        handOver(dir);
        run("initdb", "-D", data(), "-U", USER, "--pwfile=" + pwfile, "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        Files.delete(pwfile);
    }

    private synchronized void launch() {
        if (running) {
            return;
        }
        run("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-o", "-p " + port + " -k "
                + dir.resolve("sock") + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                + " -c full_page_writes=off", "-w", "-t", String.valueOf(TIMEOUT_SECONDS), "start");
        running = true;
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Runs a binary of the installation (through {@code runuser} as root), bounded in time. */
    private void run(String binary, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(binary).toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("plumbline-faults-" + binary, ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(binary + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "): " + Files.readString(output, StandardCharsets.UTF_8).strip() + serverLog());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String serverLog() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8).strip() : "";
    }

    private static Path installation() throws IOException {
        String missing = "PostgreSQL is not installed; .ci/run installs it (apt-get install postgresql)";
        if (!Files.isDirectory(INSTALLATIONS)) {
            throw new AssertionError(missing);
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
                    .max(Comparator.comparingInt(PostgresNode::major))
                    .orElseThrow(() -> new AssertionError(missing));
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** PostgreSQL refuses to run as root: the directory goes to the postgres OS user. */
    private static void handOver(Path directory) throws IOException {
        if (!asRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = directory.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                Files.setOwner(path, lookup.lookupPrincipalByName("postgres"));
                Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
            }
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
