package dev.plumbline.engine.state;

import java.time.Duration;
import java.time.Instant;

/** One run in a stack's history. {@code end} fields are null while the run is still going. */
public record RunRecord(long id, String stack, String revision, String trigger, String triggerDetail,
                        Instant startedAt, Instant finishedAt, String result, String reason, String message,
                        int created, int updated, int deleted, int unchanged) {

    public Duration duration() {
        return finishedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt);
    }
}
