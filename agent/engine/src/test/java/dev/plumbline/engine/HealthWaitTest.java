package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import dev.plumbline.problem.Reasons;
import dev.plumbline.provider.Health;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack with {@code sync.healthTimeout} waits after it converged until every object is healthy, and says
 * which one is not: degraded at once, progressing when the wait is over.
 */
class HealthWaitTest {

    @TempDir
    Path dir;

    @Test
    void waitsUntilEveryObjectIsHealthy() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, healthTimeout: 30s }");
        f.provider.health("t1", Health.progressing("1 of 2 replicas ready"), Health.progressing("1 of 2 replicas ready"),
                Health.healthy("2 of 2 replicas ready"));

        ReconcileOutcome outcome = f.run(Trigger.POLL, f.commit(EngineFixture.things(3, Map.of())));

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.message()).endsWith("; every object healthy");
        assertThat(f.store.status("web").orElseThrow()).satisfies(status -> {
            assertThat(status.health()).isEqualTo("Healthy");
            assertThat(status.healthMessage()).isEqualTo("every object healthy");
        });
    }

    @Test
    void aDegradedObjectEndsTheWaitAndIsNamed() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, healthTimeout: 30s }");
        f.provider.health("t2", Health.degraded("failed: backoff limit reached"));

        ReconcileOutcome outcome = f.run(Trigger.POLL, f.commit(EngineFixture.things(3, Map.of())));

        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.reason()).isEqualTo(Reasons.DEGRADED);
        assertThat(outcome.message()).startsWith("degraded: Thing t2 (stacks/web/t2.yaml:1:1): failed: backoff limit"
                + " reached (applied revision");
        assertThat(f.store.status("web").orElseThrow()).satisfies(status -> {
            assertThat(status.health()).isEqualTo("Degraded");
            assertThat(status.healthMessage()).isEqualTo("Thing t2 (stacks/web/t2.yaml:1:1): failed: backoff limit"
                    + " reached");
        });
    }

    @Test
    void anObjectStillProgressingWhenTheWaitIsOverIsNamed() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, healthTimeout: 2s }");
        f.provider.health("t0", Health.progressing("0 of 1 replicas available"));

        ReconcileOutcome outcome = f.run(Trigger.POLL, f.commit(EngineFixture.things(2, Map.of())));

        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.reason()).isEqualTo(Reasons.PROGRESSING);
        assertThat(f.store.status("web").orElseThrow().health()).isEqualTo("Progressing");
        assertThat(outcome.message()).startsWith("still progressing after 2s: Thing t0 (stacks/web/t0.yaml:1:1): 0 of 1"
                + " replicas available");
    }

    @Test
    void withoutAHealthTimeoutNothingWaits() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true }");
        f.provider.health("t0", Health.degraded("failed"));

        assertThat(f.run(Trigger.POLL, f.commit(EngineFixture.things(2, Map.of()))).result()).isEqualTo(Result.APPLIED);
        assertThat(f.store.status("web").orElseThrow().health()).as("not looked at").isEmpty();
    }
}
