package dev.plumbline.provider.postgres;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL data directory in a temporary directory of its own, and the installed binaries that run it
 * ({@code initdb}, {@code pg_ctl}), for {@link PostgresServer}. PostgreSQL refuses to run as root, so when
 * the tests do, the directory is handed to the {@code postgres} OS user (and made traversable) and the
 * binaries run through {@code runuser}. The server listens on 127.0.0.1 only, with its socket in the same
 * directory, and trades durability for speed ({@code fsync=off}).
 */
final class PgCtl {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path dir;

    private PgCtl(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
    }

    /**
     * Runs {@code initdb} with the newest installation under {@code installations}: superuser {@code user}
     * with {@code password}, local connections trusted, TCP ones asking for a SCRAM password.
     *
     * @throws AssertionError {@link PostgresServer#NOT_INSTALLED} when there is no installation
     */
    static PgCtl initdb(Path installations, String user, String password) throws IOException, InterruptedException {
        PgCtl cluster = new PgCtl(installation(installations), Files.createTempDirectory("plumbline-pg-"));
        try {
            Files.setPosixFilePermissions(cluster.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(cluster.dir.resolve("data"));
            Files.createDirectories(cluster.dir.resolve("sock"));
            Path pwfile = cluster.dir.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            handOver(cluster.dir);
            cluster.run("initdb", "-D", cluster.data(), "-U", user, "--pwfile=" + pwfile, "--auth-local=trust",
                    "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            Files.delete(pwfile);
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.delete();
            throw e;
        }
    }

    /** Starts the server on a free loopback port (trying another when one is taken meanwhile); returns the port. */
    int start() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                run("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-o", "-p " + port + " -k "
                        + dir.resolve("sock") + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                        "-w", "-t", String.valueOf(TIMEOUT_SECONDS), "start");
                return port;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** {@code pg_ctl stop} in mode {@code fast} (ends sessions, shuts down cleanly) or {@code immediate}. */
    void stop(String mode) throws IOException, InterruptedException {
        run("pg_ctl", "-D", data(), "-m", mode, "-w", "-t", String.valueOf(TIMEOUT_SECONDS), "stop");
    }

    Path directory() {
        return dir;
    }

    /** What the server has logged so far ({@code server.log}: everything it writes to stderr). */
    String log() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    }

    /**
     * Whether {@code role} logs in to the server on {@code port} over TCP with {@code password}, through
     * libpq ({@code psql}), which prepares the password with PostgreSQL's own SASLprep. The password goes
     * in a password file of this user's only, never on a command line or in the environment.
     */
    boolean logsIn(int port, String role, String password) throws IOException, InterruptedException {
        Path passfile = Files.createTempFile("plumbline-pgpass", "");
        Path output = Files.createTempFile("plumbline-pg-psql", ".out");
        try {
            Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(passfile, "127.0.0.1:" + port + ":postgres:" + passfileField(role) + ":"
                    + passfileField(password) + "\n", StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p",
                    String.valueOf(port), "-U", role, "-d", "postgres", "-w", "-X", "-A", "-t", "-c", "SELECT 1")
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
            builder.environment().put("PGPASSFILE", passfile.toString());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("psql did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return process.exitValue() == 0;
        } finally {
            Files.deleteIfExists(passfile);
            Files.deleteIfExists(output);
        }
    }

    /** A field of a libpq password file: backslash and colon escaped. */
    private static String passfileField(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    void delete() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** The newest installation's bin directory; fails the test when there is none. */
    private static Path installation(Path installations) throws IOException {
        if (!Files.isDirectory(installations)) {
            throw new AssertionError(PostgresServer.NOT_INSTALLED);
        }
        try (Stream<Path> versions = Files.list(installations)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(candidate -> Files.isExecutable(candidate.resolve("initdb")))
                    .max(Comparator.comparingInt(PgCtl::major))
                    .orElseThrow(() -> new AssertionError(PostgresServer.NOT_INSTALLED));
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

    /** Gives the directory to the postgres OS user when running as root. */
    private static void handOver(Path directory) throws IOException {
        if (!asRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = directory.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres = lookup.lookupPrincipalByName("postgres");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                Files.setOwner(path, postgres);
                Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
            }
        }
    }

    /** Runs one of the binaries, bounded in time; its output goes to a file, so no pipe is left to a server. */
    private void run(String binary, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(binary).toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("plumbline-pg-" + binary, ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(binary + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(binary + " " + arguments[arguments.length - 1] + " failed (exit "
                        + process.exitValue() + "): " + Files.readString(output, StandardCharsets.UTF_8).strip()
                        + serverLog());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8).strip() : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
