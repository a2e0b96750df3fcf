package dev.plumbline.provider.etcd;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.TransactionalProvider;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The typed failures of the etcd provider, each with its stable reason and a sentence naming the endpoints
 * or the key: {@code Unreachable} (no answer: refused, or nothing ever heard within the timeout; retried
 * with backoff), {@code Timeout} (a cluster that answered before did not answer a call within the timeout,
 * or etcd itself timed out a request, as without a leader; retried), {@link TransactionalProvider#CONFLICT}
 * (a key changed since it was read; observe again), {@code EtcdFailed} (etcd refused a call; retried),
 * {@code TransactionTooLarge} (one key with its record is more bytes than the provider's
 * {@code maxRequestBytes}, or etcd refused a transaction the provider cut to its {@code maxRequestBytes} and
 * {@code maxTxnOps} because the members' limits are lower; stalled until the stack or the settings change),
 * {@code InvalidManifest} (a resource that would not pass validation reached the provider). The sentence says
 * in plain words what failed ({@code connection refused}, {@code the connection was reset}); gRPC's and
 * Netty's exceptions, which say it in their own terms, stay the cause of a transient failure, for the debug log.
 */
final class EtcdFailures {

    static final String UNREACHABLE = Reasons.UNREACHABLE;
    /** A call that ran out of time; a constant {@code Reasons.TIMEOUT} is proposed for it. */
    static final String TIMEOUT = Reasons.TIMEOUT;

    /** {@code io.grpc.StatusRuntimeException: } in front of a message. */
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("^([a-z_][\\w$]*\\.)+[A-Z][\\w$]*:\\s*");
    /** A gRPC status code in front of a message: {@code UNAVAILABLE: }. */
    private static final Pattern STATUS_CODE = Pattern.compile("^[A-Z]+(_[A-Z]+)*:\\s*");
    /** What gRPC adds to a deadline: {@code [closed=[], open=[[buffered_nanos=..., remote_addr=...]]]}. */
    private static final Pattern GRPC_DETAIL = Pattern.compile("\\s*\\[(closed|open|buffered_nanos|remote_addr).*$");
    /** A socket address after a message: {@code : /127.0.0.1:2379}, {@code : localhost/127.0.0.1:2379}. */
    private static final Pattern ADDRESS = Pattern.compile(":\\s*[\\w.-]*/[0-9a-fA-F.:\\[\\]%]+$");

    private EtcdFailures() {
    }

    /**
     * A call that got no answer within {@code timeout}: {@code Timeout} when the cluster answered this
     * provider before (it is there, but slow, stuck or without a leader), else {@code Unreachable}.
     */
    static TransientException timedOut(String endpoints, String doing, Duration timeout, boolean answeredBefore) {
        String within = "etcd at " + endpoints + " did not answer within " + timeout.toMillis() / 1000.0 + " s while "
                + doing;
        if (answeredBefore) {
            return new TransientException(TIMEOUT, within + " (the provider's timeout), though it answered before;"
                    + " is it overloaded, without a leader, or cut off?");
        }
        return new TransientException(UNREACHABLE, within + "; is it running and reachable from here?");
    }

    /**
     * A transaction larger than {@code limit} allows, refused before it was sent: {@code bytes} in all,
     * {@code largest} the key written with the most.
     */
    static StalledException tooLarge(String doing, long bytes, String largest, long largestBytes, RequestLimit limit) {
        return new StalledException(Reasons.TRANSACTION_TOO_LARGE, doing + " takes an etcd transaction of about "
                + RequestLimit.bytes(bytes) + ", more than one request may carry (" + limit.describe() + "); its"
                + " largest write is " + largest + " (" + RequestLimit.bytes(largestBytes) + "); nothing was"
                + " written: keep large values out of etcd, or raise --max-request-bytes on the members and"
                + " maxRequestBytes with it");
    }

    static TransientException interrupted(String endpoints, String doing, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new TransientException("Interrupted", "interrupted while " + doing + " at " + endpoints, e);
    }

    /**
     * What a failed call means, from the gRPC status or jetcd error inside {@code failure}, in plain words
     * ({@link #why}): no exception's class, gRPC status or socket address is in the sentence. A transient
     * failure keeps {@code failure} as its cause, for the debug log.
     */
    static PlumblineException of(String endpoints, String doing, Throwable failure) {
        String code = code(failure);
        String lower = messages(failure).toLowerCase(Locale.ROOT);
        if (lower.contains("request is too large") || lower.contains("received message larger than max")) {
            return new StalledException(Reasons.TRANSACTION_TOO_LARGE, "etcd at " + endpoints + " refused the"
                    + " request while " + doing + " as too large: it is more than the server's --max-request-bytes"
                    + " (1.5 MiB unless set) allows, so it wrote nothing; set the provider's maxRequestBytes to the"
                    + " members' --max-request-bytes (it cuts its transactions to fit), or keep large values out of"
                    + " etcd");
        }
        if (lower.contains("request timed out")) {
            return new TransientException(TIMEOUT, "etcd at " + endpoints + " timed out the request while " + doing
                    + "; is the cluster without a leader or overloaded?", failure);
        }
        if (code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED")) {
            return new TransientException(UNREACHABLE, "etcd at " + endpoints + " is unreachable while " + doing
                    + ": " + why(failure) + "; is it running and reachable from here?", failure);
        }
        if (lower.contains("too many operations in txn request")) {
            return new StalledException(Reasons.TRANSACTION_TOO_LARGE, "etcd at " + endpoints + " refused the"
                    + " transaction while " + doing + ": it has more operations than the server's --max-txn-ops (128"
                    + " unless set) allows; set the provider's maxTxnOps to the members' --max-txn-ops");
        }
        return new TransientException(Reasons.ETCD_FAILED, "etcd at " + endpoints + " failed while " + doing + ": "
                + why(failure) + " (" + code.toLowerCase(Locale.ROOT).replace('_', ' ') + ")", failure);
    }

    /**
     * A comparison that failed on {@code key}; {@code progress} says how far an apply of several
     * transactions got ({@code transaction 3 of 9 wrote nothing and the apply stopped there; ...}).
     */
    static TransientException conflict(String key, Optional<String> progress) {
        return new TransientException(TransactionalProvider.CONFLICT, "key " + key + " changed since it was read"
                + " (another writer); " + progress.map(done -> done + "; ").orElse("") + "observing again");
    }

    static TransientException notObserved(String key) {
        return new TransientException(TransactionalProvider.CONFLICT, "key " + key + " was not read before this"
                + " apply, so its revision cannot be checked; observing again");
    }

    /** A resource whose spec cannot be read, reported at its manifest position. */
    static StalledException invalid(Resource resource, IllegalArgumentException e) {
        return new StalledException(Reasons.INVALID_MANIFEST, List.of(Problem.at(resource.location(), e.getMessage())));
    }

    private static String code(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EtcdException etcd) {
                ErrorCode code = etcd.getErrorCode();
                return code == null ? "UNKNOWN" : code.name();
            }
            if (cause instanceof StatusRuntimeException grpc) {
                return grpc.getStatus().getCode().name();
            }
        }
        return Status.fromThrowable(failure).getCode().name();
    }

    /**
     * What went wrong, in plain words: what the socket said ({@code connection refused}, {@code the connection
     * was reset}), else what etcd or gRPC said, without class names, status codes, {@code etcdserver:} and
     * socket addresses (the sentence names the endpoints already).
     */
    private static String why(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable cause : chain) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            String type = cause.getClass().getSimpleName();
            if (cause instanceof UnknownHostException) {
                return "the host name " + (message.isEmpty() ? "" : "'" + cause.getMessage().split(":")[0] + "' ")
                        + "is not known";
            }
            if (cause instanceof NoRouteToHostException || message.contains("no route to host")) {
                return "no route to host";
            }
            if (message.contains("network is unreachable")) {
                return "the network is unreachable";
            }
            if (message.contains("connection refused")) {
                return "connection refused";
            }
            if (cause instanceof SocketTimeoutException || type.equals("ConnectTimeoutException")
                    || message.contains("connection timed out")) {
                return "the connection timed out";
            }
            if (message.contains("connection reset")) {
                return "the connection was reset";
            }
            if (message.contains("broken pipe")) {
                return "the connection broke";
            }
            if (cause instanceof SSLException) {
                String said = plain(cause.getMessage());
                return "the TLS handshake failed" + (said.isEmpty() ? "" : " (" + said + ")");
            }
            if (cause instanceof ClosedChannelException || message.contains("network closed")
                    || message.contains("connection closed") || message.contains("keepalive failed")) {
                return "the connection was closed";
            }
        }
        if (code(failure).equals("DEADLINE_EXCEEDED")) {
            return "it did not answer in time";
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            String said = plain(chain.get(i).getMessage());
            if (!said.isEmpty() && !said.equalsIgnoreCase("io exception")) {
                return said;
            }
        }
        return "no reason given";
    }

    /** A message without the class names, gRPC status code, {@code etcdserver:} and addresses put in front or after. */
    private static String plain(String message) {
        if (message == null) {
            return "";
        }
        String said = message.strip();
        String before;
        do {
            before = said;
            said = QUALIFIED_CLASS.matcher(said).replaceFirst("");
            said = STATUS_CODE.matcher(said).replaceFirst("");
            said = said.startsWith("etcdserver: ") ? said.substring("etcdserver: ".length()) : said;
        } while (!said.equals(before));
        said = GRPC_DETAIL.matcher(said).replaceFirst("");
        return ADDRESS.matcher(said).replaceFirst("").strip();
    }

    /** {@code failure} and its causes, outermost first, each once. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** The messages of {@code failure} and its causes, joined: where etcd's own words are looked for. */
    private static String messages(Throwable failure) {
        return String.join(" | ", chain(failure).stream().map(cause -> String.valueOf(cause.getMessage())).toList());
    }
}
