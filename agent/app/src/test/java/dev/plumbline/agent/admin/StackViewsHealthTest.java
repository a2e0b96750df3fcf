package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.state.StackStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stack that waits for health has a Healthy condition, naming the object at fault; one that does not has none. */
class StackViewsHealthTest {

    private static StackStatus status(String health, String message) {
        return new StackStatus("web", "a".repeat(40), Instant.EPOCH, "a".repeat(40), Instant.EPOCH, "Waiting",
                "Degraded", "degraded: ...", 0, Instant.EPOCH, health, message);
    }

    @Test
    void theHealthyConditionSaysHowTheObjectsAre() {
        assertThat(StackViews.healthy(status("Healthy", "every object healthy"))).contains(Map.of("type", "Healthy",
                "status", "True", "reason", "Healthy", "message", "every object healthy"));
        assertThat(StackViews.healthy(status("Degraded", "Job migrate (stacks/web/job.yaml:1:1): failed")))
                .contains(Map.of("type", "Healthy", "status", "False", "reason", "Degraded",
                        "message", "Job migrate (stacks/web/job.yaml:1:1): failed"));
        assertThat(StackViews.healthy(status("", ""))).isEmpty();
    }
}
