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
 * or the key: {@code Unreachable} (no answer; retried with backoff), {@link TransactionalProvider#CONFLICT}
 * (a key changed since it was read; observe again), {@code EtcdFailed} (etcd refused a call; retried),
 * {@code TransactionTooLarge} (more operations than the server allows in one transaction; stalled until
 * the stack or the server's {@code --max-txn-ops} changes), {@code InvalidManifest} (a resource that would
 * not pass validation reached the provider).
 */
final class EtcdFailures {

    static final String UNREACHABLE = "Unreachable";

    private EtcdFailures() {
    }

    static TransientException timedOut(String endpoints, String doing, Duration timeout) {
        return new TransientException(UNREACHABLE, "etcd at " + endpoints + " did not answer within "
                + timeout.toMillis() / 1000.0 + " s while " + doing + "; is it running and reachable from here?");
    }

    static TransientException interrupted(String endpoints, String doing, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new TransientException("Interrupted", "interrupted while " + doing + " at " + endpoints, e);
    }

    /** What a failed call means, from the gRPC status or jetcd error inside {@code failure}. */
    static PlumblineException of(String endpoints, String doing, Throwable failure) {
        String code = code(failure);
        String detail = detail(failure);
        if (code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED")) {
            return new TransientException(UNREACHABLE, "cannot reach etcd at " + endpoints + " while " + doing + " ("
                    + detail + "); is it running and reachable from here?", failure);
        }
        if (detail.toLowerCase(Locale.ROOT).contains("too many operations in txn request")) {
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
