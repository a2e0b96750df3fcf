package dev.plumbline.engine.apply;

import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyResult;
import java.util.Objects;
import java.util.Optional;

/** What happened to one change of a plan, with the failure's stable reason and sentence when it failed. */
public record ChangeResult(Change change, Status status, Optional<ApplyResult> result, String reason,
                           String message, int attempts) {

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
    }

    static ChangeResult done(Change change, ApplyResult result, int attempts) {
        return new ChangeResult(change, Status.DONE, Optional.of(result), "", result.message(), attempts);
    }

    static ChangeResult failed(Change change, String reason, String message, int attempts) {
        return new ChangeResult(change, Status.FAILED, Optional.empty(), reason, message, attempts);
    }

    static ChangeResult notRun(Change change) {
        return new ChangeResult(change, Status.NOT_RUN, Optional.empty(), "", "", 0);
    }
}
