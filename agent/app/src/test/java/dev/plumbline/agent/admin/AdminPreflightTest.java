package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.AdminConfig;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the admin server adds to the preflight: its TLS files can be used as it uses them, and its address
 * can be bound (and is held for it). Fixtures: {@code cert.pem} with its PKCS#8 {@code key.pem}, and the same
 * key in PKCS#1 form ({@code key-pkcs1.pem}), made for these tests only.
 */
class AdminPreflightTest {

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/plumbline/agent/admin/" + name)) {
            Files.copy(in, dir.resolve(name));
        }
        return dir.resolve(name);
    }

    /** The certificate's path is on line 3 at column 20, the key's at column 39 (for cert.pem). */
    private AgentConfig config(String cert, String key) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                admin:
                  listen: 127.0.0.1:0
                  tls: { certFile: %s, keyFile: %s }
                """.formatted(cert, key)));
    }

    private String at(int line, int column) {
        return dir.resolve("plumbline.yaml") + ":" + line + ":" + column + ": ";
    }

    private static List<String> tls(AgentConfig config) {
        List<Problem> problems = new ArrayList<>();
        AdminServer.checkTls(config, Map.of(), problems);
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void aPemCertificateWithItsPkcs8KeyPasses() throws IOException {
        fixture("cert.pem");
        fixture("key.pem");

        assertThat(tls(config("cert.pem", "key.pem"))).isEmpty();
    }

    @Test
    void aPkcs1KeyIsReportedAtKeyFileWithTheCommandThatConvertsIt() throws IOException {
        fixture("cert.pem");
        Path key = fixture("key-pkcs1.pem");

        assertThat(tls(config("cert.pem", "key-pkcs1.pem"))).containsExactly(at(3, 39) + key
                + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in "
                + key + " -out key.pkcs8.pem");
    }

    @Test
    void aKeyThatDoesNotParseIsReportedAtKeyFile() throws IOException {
        fixture("cert.pem");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThat(tls(config("cert.pem", "key.pem"))).singleElement().asString()
                .startsWith(at(3, 39) + "cannot use " + key + " as the TLS key: ");
    }

    @Test
    void missingFilesAreEachReportedAtTheirKey() throws IOException {
        assertThat(tls(config("cert.pem", "tls/key.pem"))).containsExactly(
                at(3, 20) + "cannot read the TLS certificate " + dir.resolve("cert.pem") + ": no such file",
                at(3, 39) + "cannot read the TLS key " + dir.resolve("tls/key.pem") + ": no such file");
    }

    @Test
    void aCertificateFileWithoutACertificateIsReportedAtCertFile() throws IOException {
        fixture("key.pem");
        Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");

        assertThat(tls(config("cert.pem", "key.pem"))).singleElement().asString()
                .startsWith(at(3, 20) + dir.resolve("cert.pem") + " ");
    }

    @Test
    void anAddressInUseIsReportedAtListen() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = Files.writeString(dir.resolve("plumbline.yaml"), "admin:\n  listen: 127.0.0.1:"
                    + taken.getLocalPort() + "\n");
            List<Problem> problems = new ArrayList<>();

            Optional<AdminServer.Reservation> reservation = AdminServer.reserve(ConfigLoader.load(file).admin(),
                    problems);

            assertThat(reservation).isEmpty();
            assertThat(problems).extracting(Problem::toString).containsExactly(file + ":2:11: cannot listen on"
                    + " 127.0.0.1:" + taken.getLocalPort() + " (admin.listen): the address is already in use; stop"
                    + " what listens there or choose another port (0 picks a free one)");
        }
    }

    @Test
    void anUnknownHostIsReportedAtListen() throws IOException {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"),
                "admin:\n  listen: no-such-host.invalid:7070\n  allowInsecure: true\n");
        List<Problem> problems = new ArrayList<>();

        assertThat(AdminServer.reserve(ConfigLoader.load(file).admin(), problems)).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactly(file + ":2:11: cannot listen on"
                + " no-such-host.invalid:7070 (admin.listen): unknown host no-such-host.invalid");
    }

    @Test
    void aReservationHoldsThePortUntilClosed() throws IOException {
        List<Problem> problems = new ArrayList<>();
        AdminServer.Reservation reservation = AdminServer.reserve(config0(), problems).orElseThrow();
        int port = reservation.port();

        try (ServerSocket other = new ServerSocket()) {
            assertThat(bind(other, port)).as("the port is held").isFalse();
        }
        reservation.close();
        try (ServerSocket other = new ServerSocket()) {
            assertThat(bind(other, port)).as("the port is free again").isTrue();
        }
        assertThat(problems).isEmpty();
    }

    private AdminConfig config0() throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), "admin:\n  listen: 127.0.0.1:0\n"))
                .admin();
    }

    private static boolean bind(ServerSocket socket, int port) {
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
