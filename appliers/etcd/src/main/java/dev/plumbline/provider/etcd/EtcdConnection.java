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
import io.etcd.jetcd.options.OptionsUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The provider's line to etcd: reads in read-only transactions (single-key gets and prefix ranges, at most
 * {@code --max-txn-ops} of them per transaction, all answered at one revision: the first transaction's, to
 * which every later one and every further page is pinned), and conditional transactions for applies. A
 * prefix range is read in pages of {@link #PAGE} keys, each page starting after the last key of the one
 * before, so that no answer grows with the stack; answers of any size are taken, as etcd's own client
 * takes them (gRPC's default of 4 MiB would refuse the records of a stack of ten thousand keys). Every call
 * waits at most {@code timeout} (jetcd's own connect timeout and retries are bounded by it too); failures
 * become the typed failures of {@link EtcdFailures}, naming the endpoints: a call that runs out of time is
 * {@code Timeout} when the cluster has answered since it was last found unreachable, and {@code Unreachable}
 * when it has not. The jetcd client is made on first use (so making a provider reaches nothing) and closed
 * by {@link #close()}. With {@code https://} endpoints it uses TLS, trusting the JVM's default certificate
 * authorities.
 */
final class EtcdConnection implements AutoCloseable {

    /** How many keys one page of a prefix range holds. */
    static final int PAGE = 1000;

    /** A read: the one key {@code key}, or every key starting with it. */
    record Read(String key, boolean prefix) {
        Read {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * What reads found, in the order asked (the key-values of each, empty when nothing is there), and the
     * revision they were read at.
     */
    record Found(List<List<KeyValue>> values, long revision) {
        Found {
            values = List.copyOf(values);
        }
    }

    private final List<URI> endpoints;
    private final Duration timeout;
    private final int maxOps;
    private final String where;
    private Client client;
    private boolean closed;
    /** Whether etcd answered a call since the client was made, or since it was last found unreachable. */
    private volatile boolean answered;

    /** A line to {@code endpoints}: each call bounded by {@code timeout}, at most {@code maxOps} reads a call. */
    EtcdConnection(List<URI> endpoints, Duration timeout, int maxOps) {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxOps = maxOps;
        this.where = String.join(", ", this.endpoints.stream().map(URI::toString).toList());
    }

    /** The endpoints as people read them: {@code http://10.0.0.1:2379, http://10.0.0.2:2379}. */
    String endpoints() {
        return where;
    }

    /** What every read found, at the revision of the first answer. */
    Found read(List<Read> reads, String doing) {
        return read(reads, OptionalLong.empty(), doing);
    }

    /**
     * What every read found at revision {@code at}, or, when that is empty, at the revision of the first
     * answer. A revision etcd compacted away meanwhile fails as {@code EtcdFailed} (read again).
     */
    Found read(List<Read> reads, OptionalLong at, String doing) {
        List<List<KeyValue>> found = new ArrayList<>(reads.size());
        long revision = at.orElse(0);
        for (int start = 0; start < reads.size(); start += maxOps) {
            List<Read> batch = reads.subList(start, Math.min(reads.size(), start + maxOps));
            long pinned = revision;
            Op[] gets = batch.stream().map(read -> get(read, pinned)).toArray(Op[]::new);
            TxnResponse response = call(client().getKVClient().txn().Then(gets).commit(), doing);
            if (revision == 0) {
                revision = response.getHeader().getRevision();
            }
            List<GetResponse> answers = response.getGetResponses();
            for (int i = 0; i < answers.size(); i++) {
                GetResponse answer = answers.get(i);
                found.add(answer.isMore() ? rest(batch.get(i), answer.getKvs(), revision, doing) : answer.getKvs());
            }
        }
        return new Found(found, revision);
    }

    /**
     * One transaction: {@code then} if every comparison holds, else the reads of {@code otherwise} (which
     * tell the caller what changed). Nothing of {@code then} is written unless all of it is.
     */
    TxnResponse transact(List<Cmp> compares, List<Op> then, List<Read> otherwise, String doing) {
        return call(client().getKVClient().txn().If(compares.toArray(Cmp[]::new)).Then(then.toArray(Op[]::new))
                .Else(otherwise.stream().map(read -> get(read, 0)).toArray(Op[]::new)).commit(), doing);
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
                    .retryMaxDuration(timeout)
                    .maxInboundMessageSize(Integer.MAX_VALUE);
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

    /** A read as one operation of a read transaction: a get, or a range's first page; at {@code revision} unless 0. */
    private static Op get(Read read, long revision) {
        GetOption.Builder option = GetOption.builder();
        if (read.prefix()) {
            option.isPrefix(true).withLimit(PAGE);
        }
        if (revision > 0) {
            option.withRevision(revision);
        }
        return Op.get(bytes(read.key()), option.build());
    }

    /** A range read's {@code first} page and every page after it, at {@code revision}. */
    private List<KeyValue> rest(Read range, List<KeyValue> first, long revision, String doing) {
        List<KeyValue> all = new ArrayList<>(first);
        ByteSequence end = OptionsUtil.prefixEndOf(bytes(range.key()));
        boolean more = true;
        while (more && !all.isEmpty()) {
            ByteSequence after = all.get(all.size() - 1).getKey().concat(ByteSequence.from(new byte[] {0}));
            GetResponse page = call(client().getKVClient().get(after, GetOption.builder().withRange(end)
                    .withLimit(PAGE).withRevision(revision).build()), doing);
            all.addAll(page.getKvs());
            more = page.isMore();
        }
        return all;
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
