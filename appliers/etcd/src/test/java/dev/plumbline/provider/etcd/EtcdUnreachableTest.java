package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackScope;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An etcd nobody answers at: a transient {@code Unreachable} failure naming the endpoints, within the timeout. */
class EtcdUnreachableTest {

    @Test
    void observingAClusterThatIsNotThereFailsSoonNamingTheEndpoints() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        Resource key = Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: a }
                spec: { key: app/a, value: "1" }
                """);
        long started = System.nanoTime();

        try (EtcdProvider provider = new EtcdProvider("kv", List.of(URI.create(endpoint)), "/config/",
                Duration.ofSeconds(3))) {
            TransientException failure = catchThrowableOfType(TransientException.class,
                    () -> provider.observe(new StackScope("web"), List.of(key), List.of()));

            assertThat(failure.reason()).isEqualTo("Unreachable");
            assertThat(failure.getMessage()).isEqualTo("etcd at " + endpoint + " is unreachable while reading the keys"
                    + " of stack 'web' under /config/: connection refused; is it running and reachable from here?");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClusterThatAcceptsButNeverAnswersFailsAfterTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             EtcdProvider provider = new EtcdProvider("kv",
                     List.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())), "/config/",
                     Duration.ofSeconds(1))) {
            long started = System.nanoTime();

            TransientException failure = catchThrowableOfType(TransientException.class,
                    () -> provider.observe(new StackScope("web"), List.of(), List.of()));

            assertThat(failure.reason()).isEqualTo("Unreachable");
            assertThat(failure.getMessage()).contains("http://127.0.0.1:" + silent.getLocalPort())
                    .contains("reading the keys of stack 'web'");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
