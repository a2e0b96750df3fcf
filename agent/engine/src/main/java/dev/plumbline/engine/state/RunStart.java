package dev.plumbline.engine.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The start of one reconcile run: the stack, the revision it works on, what triggered it ({@code poll},
 * {@code webhook}, {@code drift}, {@code cli}, {@code startup}, ...) with a detail (a delivery id, a user).
 */
public record RunStart(String stack, String revision, String trigger, String triggerDetail, Instant startedAt) {

    public RunStart {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(trigger, "trigger");
        triggerDetail = triggerDetail == null ? "" : triggerDetail;
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
