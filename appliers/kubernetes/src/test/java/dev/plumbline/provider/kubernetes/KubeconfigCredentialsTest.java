package dev.plumbline.provider.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials a kubeconfig names reach the API server as kubectl sends them: a user's token, and the token
 * an exec plugin prints (a command the kubeconfig names, run by the provider, as cloud providers' plugins are).
 * WireMock stands in for the server and records what it was sent.
 */
class KubeconfigCredentialsTest {

    private static final String CONFIG_MAPS = "/api/v1/namespaces/apps/configmaps";

    @TempDir
    Path dir;

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        KubeMock.answerObserveThrough(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void observeWith(String user) throws Exception {
        KubeMock.observeThrough(dir, "{ server: \"http://127.0.0.1:" + server.port() + "\" }", user);
    }

    @Test
    void aUsersTokenIsSentAsABearerToken() throws Exception {
        observeWith("{ token: s3cr3t-token }");

        server.verify(getRequestedFor(urlPathEqualTo(CONFIG_MAPS)).withHeader("Authorization",
                equalTo("Bearer s3cr3t-token")));
    }

    @Test
    void anExecPluginsTokenIsSentAsABearerToken() throws Exception {
        Path plugin = dir.resolve("credential-plugin");
        Files.writeString(plugin, """
                #!/bin/sh
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin-7"}}'
                """);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));

        observeWith("{ exec: { apiVersion: client.authentication.k8s.io/v1, command: \"" + plugin
                + "\", interactiveMode: Never } }");

        server.verify(getRequestedFor(urlPathEqualTo(CONFIG_MAPS)).withHeader("Authorization",
                equalTo("Bearer from-plugin-7")));
    }
}
