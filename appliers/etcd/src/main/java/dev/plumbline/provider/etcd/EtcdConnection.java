package dev.plumbline.provider.etcd;

import io.etcd.jetcd.ByteSequence;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.TransientException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The provider's line to etcd: reads in read-only transactions (a batch of single-key gets and prefix
 * ranges answered at one revision), and one conditional transaction per apply. Every call waits at most
 * {@code timeout} (jetcd's own connect timeout and retries are bounded by it too); failures become the typed
 * failures of {@link EtcdFailures}, naming the endpoints: a call that runs out of time is {@code Timeout}
 * when the cluster has answered since it was last found unreachable, and {@code Unreachable} when it has
 * not. The jetcd client is made on first use (so making a provider reaches nothing) and closed by
 * {@link #close()}. With {@code https://} endpoints it uses TLS, trusting the JVM's default certificate
 * authorities.
 */
final class EtcdConnection implements AutoCloseable {

    /** etcd's default {@code --max-txn-ops}: the most gets one read transaction carries. */
    static final int MAX_OPS = 128;

    /** A read: the one key {@code key}, or every key starting with it. */
    record Read(String key, boolean prefix) {
        Read {
            Objects.requireNonNull(key, "key");
        }
    }

    private final List<URI> endpoints;
    private final Duration timeout;
    private final String where;
    private Client client;
    private boolean closed;
    /** Whether etcd answered a call since the client was made, or since it was last found unreachable. */
    private volatile boolean answered;

    EtcdConnection(List<URI> endpoints, Duration timeout) {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.where = String.join(", ", this.endpoints.stream().map(URI::toString).toList());
    }

    /** The endpoints as people read them: {@code http://10.0.0.1:2379, http://10.0.0.2:2379}. */
    String endpoints() {
        return where;
    }

    /** What every read found, in the order asked: the key-values of each, empty when nothing is there. */
    List<List<KeyValue>> read(List<Read> reads, String doing) {
        List<List<KeyValue>> found = new ArrayList<>(reads.size());
        for (int start = 0; start < reads.size(); start += MAX_OPS) {
            List<Read> batch = reads.subList(start, Math.min(reads.size(), start + MAX_OPS));
            Op[] gets = batch.stream().map(EtcdConnection::get).toArray(Op[]::new);
            TxnResponse response = call(client().getKVClient().txn().Then(gets).commit(), doing);
            for (GetResponse get : response.getGetResponses()) {
                found.add(get.getKvs());
            }
        }
        return found;
    }

    /**
     * One transaction: {@code then} if every comparison holds, else the reads of {@code otherwise} (which
     * tell the caller what changed). Nothing of {@code then} is written unless all of it is.
     */
    TxnResponse transact(List<Cmp> compares, List<Op> then, List<Read> otherwise, String doing) {
        return call(client().getKVClient().txn().If(compares.toArray(Cmp[]::new)).Then(then.toArray(Op[]::new))
                .Else(otherwise.stream().map(EtcdConnection::get).toArray(Op[]::new)).commit(), doing);
    }

    static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private synchronized Client client() {
        if (closed) {
            throw new IllegalStateException("the etcd provider for " + where + " is closed");
        }
        if (client == null) {
            ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(URI[]::new))
                    .connectTimeout(timeout)
                    .waitForReady(false)
                    .retryMaxDuration(timeout);
            if (endpoints.stream().anyMatch(uri -> "https".equals(uri.getScheme()))) {
                try {
                    builder.sslContext(tls -> { });
                } catch (SSLException e) {
                    throw new TransientException(EtcdFailures.UNREACHABLE, "cannot set up TLS for etcd at " + where
                            + ": " + e.getMessage(), e);
                }
            }
            client = builder.build();
        }
        return client;
    }

    private static Op get(Read read) {
        GetOption option = read.prefix() ? GetOption.builder().isPrefix(true).build() : GetOption.DEFAULT;
        return Op.get(bytes(read.key()), option);
    }

    private <T> T call(CompletableFuture<T> future, String doing) {
        try {
            T answer = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            answered = true;
            return answer;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw EtcdFailures.timedOut(where, doing, timeout, answered);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw EtcdFailures.interrupted(where, doing, e);
        } catch (ExecutionException e) {
            PlumblineException failure = EtcdFailures.of(where, doing, e.getCause() == null ? e : e.getCause());
            answered = !failure.reason().equals(EtcdFailures.UNREACHABLE);
            throw failure;
        }
    }
}
