package dev.plumbline.engine.apply;

import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one change of a plan, with the failure's stable reason and sentence when it failed, and
 * how long the target asked to be left alone, if it said.
 */
public record ChangeResult(Change change, Status status, Optional<ApplyResult> result, String reason,
                           String message, int attempts, Optional<Duration> retryAfter) {

    public enum Status {
        DONE,
        FAILED,
        /** Not tried: an earlier change failed or the agent is stopping. */
        NOT_RUN
    }

    public ChangeResult {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(status, "status");
        result = result == null ? Optional.empty() : result;
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public ChangeResult(Change change, Status status, Optional<ApplyResult> result, String reason, String message,
                        int attempts) {
        this(change, status, result, reason, message, attempts, Optional.empty());
    }

    static ChangeResult done(Change change, ApplyResult result, int attempts) {
        return new ChangeResult(change, Status.DONE, Optional.of(result), "", result.message(), attempts);
    }

    static ChangeResult failed(Change change, String reason, String message, int attempts,
                               Optional<Duration> retryAfter) {
        return new ChangeResult(change, Status.FAILED, Optional.empty(), reason, message, attempts, retryAfter);
    }

    static ChangeResult notRun(Change change) {
        return new ChangeResult(change, Status.NOT_RUN, Optional.empty(), "", "", 0);
    }
}
