package dev.plumbline.agent;

import dev.plumbline.engine.Trigger;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a source is fetched: a poll, a webhook delivery (detail: its id), or an operator's hard sync of one
 * stack (with the request id to acknowledge, and whether it lets a mass prune through once). Causes folded
 * into one fetch are answered together.
 */
record FetchCause(Trigger trigger, String detail, Optional<String> stack, Optional<String> requestId,
                  boolean allowMassPrune) {

    FetchCause {
        Objects.requireNonNull(trigger, "trigger");
        detail = detail == null ? "" : detail;
    }

    static FetchCause poll() {
        return new FetchCause(Trigger.POLL, "", Optional.empty(), Optional.empty(), false);
    }

    static FetchCause webhook(String deliveryId) {
        return new FetchCause(Trigger.WEBHOOK, deliveryId, Optional.empty(), Optional.empty(), false);
    }

    static FetchCause hardSync(String stack, String requestId, boolean allowMassPrune) {
        return new FetchCause(Trigger.MANUAL, requestId, Optional.of(stack), Optional.of(requestId), allowMassPrune);
    }
}
