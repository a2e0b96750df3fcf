package dev.plumbline.engine.state;

import java.util.Objects;
import java.util.Optional;

/**
 * What operators decided for a stack: paused (nothing is applied), pinned to a revision (a rollback), and
 * the newest sync request made and handled. Request ids grow with time and compare as strings.
 */
public record StackControl(String stack, boolean paused, Optional<String> pinnedRevision, Optional<String> lastRequest,
                           Optional<String> lastHandledRequest) {

    public StackControl {
        Objects.requireNonNull(stack, "stack");
        pinnedRevision = pinnedRevision == null ? Optional.empty() : pinnedRevision;
        lastRequest = lastRequest == null ? Optional.empty() : lastRequest;
        lastHandledRequest = lastHandledRequest == null ? Optional.empty() : lastHandledRequest;
    }

    /** A stack nobody has paused, pinned or asked to sync. */
    public static StackControl none(String stack) {
        return new StackControl(stack, false, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
