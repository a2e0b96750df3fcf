package dev.plumbline.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Git host that answers {@code 401 Unauthorized} (a revoked token, a private repository): the fetch fails
 * as transient with a sentence that says so in the user's words, not JGit's ("no CredentialsProvider has
 * been registered"), and tells credentials that were refused from credentials that are missing.
 */
class FetchCredentialsTest {

    @TempDir
    Path dir;

    private HttpServer host;

    @BeforeEach
    void start() throws IOException {
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        host.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
            }
        });
        host.start();
    }

    @AfterEach
    void stop() {
        host.stop(0);
    }

    @Test
    void refusedCredentialsInTheUrlAreNamedAsSuchWithoutTheToken() {
        String url = "http://bot:t0ken-9f2e@127.0.0.1:" + host.getAddress().getPort() + "/infra.git";

        TransientException error = fetch(url);

        assertThat(error.reason()).isEqualTo("FetchFailed");
        assertThat(error.getMessage()).isEqualTo("cannot fetch source 'infra' from http://***@127.0.0.1:"
                + host.getAddress().getPort() + "/infra.git: the server refused the credentials in the URL"
                + " (HTTP 401 Unauthorized)");
    }

    @Test
    void aServerThatWantsCredentialsTheUrlDoesNotHaveSaysSo() {
        String url = "http://127.0.0.1:" + host.getAddress().getPort() + "/infra.git";

        TransientException error = fetch(url);

        assertThat(error.getMessage()).isEqualTo("cannot fetch source 'infra' from " + url
                + ": the server asks for credentials (HTTP 401 Unauthorized) and the URL has none");
    }

    private TransientException fetch(String url) {
        try (GitMirror mirror = GitMirror.open(GitMirrorTest.source(url, "main"), dir.resolve("mirrors"))) {
            return catchThrowableOfType(TransientException.class, mirror::fetch);
        }
    }
}
