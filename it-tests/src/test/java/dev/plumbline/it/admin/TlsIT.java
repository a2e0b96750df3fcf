package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.agent.Daemon;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.it.fixture.Scenario;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin server over HTTPS with a certificate and key made by openssl: a client that trusts the
 * certificate gets answers; a key in the old PKCS#1 form is refused with the command that converts it.
 */
class TlsIT {

    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl " + String.join(" ", args) + ": " + output).isZero();
    }

    private Path config(String keyFile) throws Exception {
        Scenario scenario = Scenario.overFile(dir.resolve("scenario"));
        scenario.writeConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        String yaml = Files.readString(scenario.config()).replace("admin:\n  listen: 127.0.0.1:0\n",
                "admin:\n  listen: 127.0.0.1:0\n  tls: { certFile: " + dir.resolve("cert.pem") + ", keyFile: "
                        + dir.resolve(keyFile) + " }\n");
        return Files.writeString(scenario.config(), yaml);
    }

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        try (Daemon daemon = Daemon.start(ConfigLoader.load(config("key.pem")), Clock.systemUTC(), Map.of())) {
            assertThat(daemon.url()).startsWith("https://");

            HttpResponse<String> response = trusting(dir.resolve("cert.pem")).send(
                    HttpRequest.newBuilder(URI.create(daemon.url() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("ok");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(daemon.url() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("a client that does not trust the certificate is refused").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=127.0.0.1");
        openssl("rsa", "-in", "key.pem", "-out", "key-rsa.pem", "-traditional");

        assertThatThrownBy(() -> Daemon.start(ConfigLoader.load(config("key-rsa.pem")), Clock.systemUTC(), Map.of()))
                .hasMessageContaining("is not a PKCS#8 PEM key").hasMessageContaining("openssl pkcs8 -topk8");
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("plumbline", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
