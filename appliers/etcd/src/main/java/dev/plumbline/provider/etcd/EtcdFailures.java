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
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The typed failures of the etcd provider, each with its stable reason and a sentence naming the endpoints
 * or the key: {@code Unreachable} (no answer: refused, or nothing ever heard within the timeout; retried
 * with backoff), {@code Timeout} (a cluster that answered before did not answer a call within the timeout,
 * or etcd itself timed out a request, as without a leader; retried), {@link TransactionalProvider#CONFLICT}
 * (a key changed since it was read; observe again), {@code EtcdFailed} (etcd refused a call; retried),
 * {@code TransactionTooLarge} (more operations than the server's {@code --max-txn-ops}, or more bytes than
 * its {@code --max-request-bytes}, in one transaction; stalled until the stack or the server changes),
 * {@code InvalidManifest} (a resource that would not pass validation reached the provider).
 */
final class EtcdFailures {

    static final String UNREACHABLE = Reasons.UNREACHABLE;
    /** A call that ran out of time; a constant {@code Reasons.TIMEOUT} is proposed for it. */
    static final String TIMEOUT = Reasons.TIMEOUT;

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
                + " written: keep large values out of etcd, split the stack, or raise --max-request-bytes on the"
                + " members and maxRequestBytes with it");
    }

    static TransientException interrupted(String endpoints, String doing, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new TransientException("Interrupted", "interrupted while " + doing + " at " + endpoints, e);
    }

    /** What a failed call means, from the gRPC status or jetcd error inside {@code failure}. */
    static PlumblineException of(String endpoints, String doing, Throwable failure) {
        String code = code(failure);
        String detail = detail(failure);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("request is too large") || lower.contains("received message larger than max")) {
            return new StalledException(Reasons.TRANSACTION_TOO_LARGE, "etcd at " + endpoints + " refused the"
                    + " request while " + doing + " as too large (" + detail + "): it is more than the server's"
                    + " --max-request-bytes (1.5 MiB unless set) allows; nothing was written: keep large values out"
                    + " of etcd, split the stack, or raise --max-request-bytes on the members and set the"
                    + " provider's maxRequestBytes to match");
        }
        if (lower.contains("request timed out")) {
            return new TransientException(TIMEOUT, "etcd at " + endpoints + " timed out the request while " + doing
                    + " (" + detail + "); is the cluster without a leader or overloaded?", failure);
        }
        if (code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED")) {
            return new TransientException(UNREACHABLE, "cannot reach etcd at " + endpoints + " while " + doing + " ("
                    + detail + "); is it running and reachable from here?", failure);
        }
        if (lower.contains("too many operations in txn request")) {
            return new StalledException(Reasons.TRANSACTION_TOO_LARGE, "etcd at " + endpoints + " refused the transaction"
                    + " while " + doing + ": it has more operations than the server's --max-txn-ops (128 unless"
                    + " set); raise that on the etcd members, or split the stack into smaller ones");
        }
        return new TransientException(Reasons.ETCD_FAILED, "etcd at " + endpoints + " failed while " + doing + ": "
                + code.toLowerCase(Locale.ROOT) + (detail.isEmpty() ? "" : " (" + detail + ")"), failure);
    }

    static TransientException conflict(String key) {
        return new TransientException(TransactionalProvider.CONFLICT, "key " + key + " changed since it was read"
                + " (another writer); observing again");
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

    private static String detail(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
