package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.TransientException;
import io.grpc.Status;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A failed etcd call as a sentence in plain words: the failures are built as jetcd and gRPC hand them over
 * (a {@code StatusRuntimeException} around Netty's and the JDK's socket exceptions), and no class name, gRPC
 * status or socket address may reach the message; the failure itself stays the cause, for the debug log.
 */
class EtcdFailuresTest {

    private static final String AT = "http://127.0.0.1:2379";
    private static final String DOING = "reading the keys of stack 'web' under /config/";

    private static PlumblineException mapped(Throwable failure) {
        PlumblineException mapped = EtcdFailures.of(AT, DOING, failure);
        assertThat(mapped.getMessage().replace(AT, "")).doesNotContain("io.grpc", "netty", "Exception",
                "UNAVAILABLE", "DEADLINE_EXCEEDED", "etcdserver", "127.0.0.1");
        return mapped;
    }

    private static Throwable unavailable(String description, Throwable cause) {
        return Status.UNAVAILABLE.withDescription(description).withCause(cause).asRuntimeException();
    }

    @Test
    void aRefusedConnectionSaysSo() {
        ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:2379");
        refused.initCause(new ConnectException("Connection refused"));
        Throwable failure = unavailable("io exception", refused);

        PlumblineException mapped = mapped(failure);

        assertThat(mapped).isInstanceOf(TransientException.class);
        assertThat(mapped.reason()).isEqualTo("Unreachable");
        assertThat(mapped.getMessage()).isEqualTo("etcd at " + AT + " is unreachable while " + DOING
                + ": connection refused; is it running and reachable from here?");
        assertThat(mapped.getCause()).isSameAs(failure);
    }

    @Test
    void anEtcdThatDiedMidCallIsUnreachableInPlainWords() {
        Throwable wrapped = new CompletionException(unavailable("io exception",
                new SocketException("Connection reset")));
        Throwable closed = unavailable("Network closed for unknown reason", null);
        Throwable goaway = unavailable("Connection closed after GOAWAY. HTTP/2 error code: NO_ERROR", null);

        assertThat(wrapped.getMessage()).as("what the message used to carry")
                .startsWith("io.grpc.StatusRuntimeException: UNAVAILABLE: io exception");
        assertThat(mapped(wrapped).getMessage()).isEqualTo("etcd at " + AT + " is unreachable while " + DOING
                + ": the connection was reset; is it running and reachable from here?");
        assertThat(mapped(closed).getMessage()).contains(": the connection was closed;");
        assertThat(mapped(goaway).getMessage()).contains(": the connection was closed;");
        assertThat(mapped(wrapped).reason()).isEqualTo("Unreachable");
    }

    @Test
    void otherSocketFailuresSayWhatHappened() {
        assertThat(mapped(unavailable("Unable to resolve host etcd.invalid",
                new UnknownHostException("etcd.invalid: Name or service not known"))).getMessage())
                .contains(": the host name 'etcd.invalid' is not known;");
        assertThat(mapped(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 2.999s. [closed=[],"
                + " open=[[buffered_nanos=1, remote_addr=/127.0.0.1:2379]]]").asRuntimeException()).getMessage())
                .contains(": it did not answer in time;");
        assertThat(mapped(unavailable("io exception", null)).getMessage())
                .as("gRPC's own words for any socket failure say nothing").contains(": no reason given;");
    }

    @Test
    void whatEtcdRefusesKeepsEtcdsWordsWithoutTheWrapping() {
        PlumblineException full = mapped(Status.RESOURCE_EXHAUSTED
                .withDescription("etcdserver: mvcc: database space exceeded").asRuntimeException());
        PlumblineException unknown = mapped(new RuntimeException("io.grpc.StatusRuntimeException: UNKNOWN: odd"));

        assertThat(full.reason()).isEqualTo("EtcdFailed");
        assertThat(full.getMessage()).isEqualTo("etcd at " + AT + " failed while " + DOING
                + ": mvcc: database space exceeded (resource exhausted)");
        assertThat(unknown.getMessage()).isEqualTo("etcd at " + AT + " failed while " + DOING + ": odd (unknown)");
    }

    @Test
    void theClassificationStaysAsItWas() {
        assertThat(mapped(Status.UNAVAILABLE.withDescription("etcdserver: request timed out").asRuntimeException())
                .reason()).isEqualTo("Timeout");
        assertThat(mapped(Status.INVALID_ARGUMENT.withDescription("etcdserver: request is too large")
                .asRuntimeException()).reason()).isEqualTo("TransactionTooLarge");
        assertThat(mapped(Status.INVALID_ARGUMENT.withDescription("etcdserver: too many operations in txn request")
                .asRuntimeException()).reason()).isEqualTo("TransactionTooLarge");
    }
}
