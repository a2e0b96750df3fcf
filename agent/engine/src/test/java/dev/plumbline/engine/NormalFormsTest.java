package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run normalises (and hashes) only the resources the renderer did not hand back unchanged from an earlier
 * run: a drift check of an unchanged stack normalises nothing, a commit that changes two resources two.
 */
class NormalFormsTest {

    @TempDir
    Path dir;

    @Test
    void onlyWhatChangedIsNormalisedAgain() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, selfHeal: true }");
        String v1 = f.commit(EngineFixture.things(20, Map.of()));
        assertThat(f.run(Trigger.POLL, v1).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.normalized()).isEqualTo(20);

        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.provider.normalized()).as("a drift check of the same commit").isEqualTo(20);

        f.provider.tamper("t3", Map.of("spec", Map.of("size", 99L)));
        assertThat(f.run(Trigger.DRIFT).result()).as("drift is still found and corrected").isEqualTo(Result.APPLIED);
        assertThat(f.provider.live().get("t3").state()).isEqualTo(Map.of("spec", Map.of("size", 1L)));
        assertThat(f.provider.normalized()).isEqualTo(20);

        String v2 = f.commit(EngineFixture.things(20, Map.of("t7", 7, "t20", 20)));
        assertThat(f.run(Trigger.DRIFT, v2).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.normalized()).as("the changed resource and the new one").isEqualTo(22);
        assertThat(f.provider.live().get("t7").state()).isEqualTo(Map.of("spec", Map.of("size", 7L)));
        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.UNCHANGED);
    }
}
