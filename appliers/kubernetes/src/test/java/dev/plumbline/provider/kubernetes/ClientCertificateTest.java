package dev.plumbline.provider.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plumbline.problem.TransientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig user's client certificate: the API server (WireMock over HTTPS, requiring a client certificate
 * its CA signed, as an API server does) answers a provider whose kubeconfig names the certificate and key, and
 * refuses one whose kubeconfig names none. Certificates are made by openssl and keytool, as an operator makes
 * them (openssl is installed by {@code .ci/run}; without it the test fails).
 */
class ClientCertificateTest {

    private static final String CONFIG_MAPS = "/api/v1/namespaces/apps/configmaps";
    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    private WireMockServer server;

    private void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /** A key and a certificate for {@code name}, signed by the test CA. */
    private void signed(String name, String subject, String extensions) throws Exception {
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    @BeforeEach
    void start() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=plumbline-test-ca");
        signed("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        signed("client", "/CN=tester/O=system:masters", "extendedKeyUsage=clientAuth\n");
        run("openssl", "pkcs12", "-export", "-in", "server.crt", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:" + PASSWORD);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(keytool.toString(), "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore",
                "trust.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        server = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(dir.resolve("server.p12").toString()).keystoreType("PKCS12").keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD).needClientAuth(true)
                .trustStorePath(dir.resolve("trust.p12").toString()).trustStoreType("PKCS12")
                .trustStorePassword(PASSWORD));
        server.start();
        KubeMock.answerObserveThrough(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void observeAs(String user) throws Exception {
        KubeMock.observeThrough(dir, "{ server: \"https://127.0.0.1:" + server.httpsPort() + "\", certificate-authority: \""
                + dir.resolve("ca.crt") + "\" }", user);
    }

    @Test
    void theClientCertificateOfTheKubeconfigIsPresented() throws Exception {
        observeAs("{ client-certificate: \"" + dir.resolve("client.crt") + "\", client-key: \""
                + dir.resolve("client.key") + "\" }");

        server.verify(1, getRequestedFor(urlPathEqualTo(CONFIG_MAPS)));
    }

    @Test
    void withoutOneTheServerRefusesTheConnection() {
        TransientException refused = catchThrowableOfType(TransientException.class, () -> observeAs("{ token: x }"));

        assertThat(refused).as("no client certificate: the handshake fails").isNotNull();
        server.verify(0, getRequestedFor(urlPathEqualTo(CONFIG_MAPS)));
    }
}
