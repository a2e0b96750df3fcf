package dev.plumbline.provider.kubernetes;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a failed call to the API server means for a run: a conflict (409), throttling (429, with the
 * server's Retry-After), a server error (5xx) or a dropped connection is tried again with backoff; an
 * object the server refuses (422, 400) or a kind it does not serve (404 on a list) is the manifest's to fix,
 * at its position; a resource type it does not serve (404) at apply is tried again (a definition applied a
 * moment before is served a moment later); credentials it refuses (401, 403) wait for an operator.
 */
final class KubeFailures {

    private KubeFailures() {
    }

    /** {@code doing}: what was being done, for the message ("create Deployment web/api"). */
    static PlumblineException of(String provider, String doing, Optional<Location> where, KubernetesClientException e) {
        int code = e.getCode();
        String detail = detail(e);
        String message = "provider '" + provider + "': " + doing + ": " + detail;
        return switch (code) {
            case 409 -> new TransientException(Reasons.CONCURRENT_MODIFICATION, message + " (the object changed"
                    + " meanwhile; tried again)", e);
            case 429 -> new TransientException(Reasons.RATE_LIMITED, message, e, retryAfter(e.getStatus()));
            case 401 -> new TransientException(Reasons.UNAUTHORIZED, message + "; check the kubeconfig's"
                    + " credentials", e);
            case 403 -> new TransientException(Reasons.FORBIDDEN, message + "; the kubeconfig's user may not do"
                    + " this: grant it in the cluster's RBAC", e);
            // a kind not served (yet): observe stalls on one nothing defines; at apply, a definition this stack
            // applied a moment ago may not be established yet
            case 404 -> new TransientException(Reasons.NOT_FOUND, message + " (tried again: a kind whose definition"
                    + " was applied just now is served a moment later)", e);
            case 400, 422 -> where.<PlumblineException>map(location -> new StalledException(
                    Reasons.INVALID_MANIFEST, List.of(Problem.at(location, message))))
                    .orElseGet(() -> new StalledException(Reasons.INVALID_MANIFEST, message));
            default -> new TransientException(code <= 0 ? Reasons.UNREACHABLE : Reasons.APPLY_FAILED,
                    message, e); // no HTTP answer (a refused or dropped connection): code 0 or -1
        };
    }

    private static String detail(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage() + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "");
        }
        Throwable cause = e.getCause();
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())
                ? text + ": " + cause.getMessage() : text;
    }

    private static Duration retryAfter(Status status) {
        if (status != null && status.getDetails() != null && status.getDetails().getRetryAfterSeconds() != null) {
            return Duration.ofSeconds(Math.max(1, status.getDetails().getRetryAfterSeconds()));
        }
        return null;
    }
}
