package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run for a pushed commit, of a stack this engine found live as desired less than a drift interval ago,
 * observes and plans only what the commit changes; every other run observes the whole stack.
 */
class ChangedOnlyTest {

    @TempDir
    Path dir;

    private EngineFixture appliedWhole() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, selfHeal: true }");
        String v1 = f.commit(EngineFixture.things(20, Map.of()));
        assertThat(f.run(Trigger.POLL, v1).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).as("the first run of an engine observes everything").hasSize(20);
        return f;
    }

    @Test
    void aPushedCommitIsObservedAndAppliedAloneAndADriftCheckStillSeesEverything() {
        EngineFixture f = appliedWhole();
        f.provider.tamper("t3", Map.of("spec", Map.of("size", 99L)));

        Map<String, Integer> v2things = EngineFixture.things(20, Map.of("t7", 7, "t20", 20));
        v2things.remove("t5");
        String v2 = f.commit(v2things);
        ReconcileOutcome pushed = f.run(Trigger.WEBHOOK, v2);

        assertThat(pushed.result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).as("changed, added, removed").containsExactly("t20", "t5", "t7");
        assertThat(f.provider.writes()).contains("update t7", "create t20", "delete t5").doesNotContain("update t3");
        assertThat(f.provider.live().get("t3").state()).as("drift the commit does not touch waits for the drift"
                + " check").isEqualTo(Map.of("spec", Map.of("size", 99L)));
        assertThat(f.store.inventory("web")).hasSize(20);

        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).hasSize(20);
        assertThat(f.provider.live().get("t3").state()).isEqualTo(Map.of("spec", Map.of("size", 1L)));
    }

    @Test
    void afterADriftIntervalWithoutAFullCheckAPushIsObservedWhole() {
        EngineFixture f = appliedWhole();
        f.clock.advance(Duration.ofMinutes(5));

        String v2 = f.commit(EngineFixture.things(20, Map.of("t7", 7)));
        assertThat(f.run(Trigger.WEBHOOK, v2).result()).isEqualTo(Result.APPLIED);

        assertThat(f.provider.lastObserved()).hasSize(20);
        String v3 = f.commit(EngineFixture.things(20, Map.of("t7", 8)));
        assertThat(f.run(Trigger.POLL, v3).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).as("that full run counts as a check").containsExactly("t7");
    }

    @Test
    void aFailedRunMakesTheNextPushObserveWhole() {
        EngineFixture f = appliedWhole();
        f.provider.failOn("t7");
        String v2 = f.commit(EngineFixture.things(20, Map.of("t7", 7)));
        assertThat(f.run(Trigger.WEBHOOK, v2).result()).isNotEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).containsExactly("t7");

        f.provider.heal("t7");
        String v3 = f.commit(EngineFixture.things(20, Map.of("t7", 8)));
        assertThat(f.run(Trigger.WEBHOOK, v3).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).hasSize(20);
    }

    @Test
    void aPersonsSyncAndARetryObserveWhole() {
        EngineFixture f = appliedWhole();
        String v2 = f.commit(EngineFixture.things(20, Map.of("t7", 7)));

        assertThat(f.run(Trigger.MANUAL, v2).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).hasSize(20);
        String v3 = f.commit(EngineFixture.things(20, Map.of("t7", 8)));
        assertThat(f.run(Trigger.RETRY, v3).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.lastObserved()).hasSize(20);
    }

    @Test
    void aStackThatOnlyReportsIsObservedWhole() {
        EngineFixture f = new EngineFixture(dir, "{ auto: false }");
        String v1 = f.commit(EngineFixture.things(20, Map.of()));
        f.run(Trigger.MANUAL, v1);
        String v2 = f.commit(EngineFixture.things(20, Map.of("t7", 7)));

        f.run(Trigger.WEBHOOK, v2);

        assertThat(f.provider.lastObserved()).hasSize(20);
    }
}
