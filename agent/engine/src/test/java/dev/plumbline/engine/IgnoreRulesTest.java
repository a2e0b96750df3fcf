package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack's {@code ignore} rules hold in the diff and in the apply: a field ignored for a resource is neither
 * drift nor written, whatever the live value or the manifest; the same field of other resources is as usual.
 */
class IgnoreRulesTest {

    @TempDir
    Path dir;

    private static Map<String, Integer> sizes(int t0, int t1) {
        Map<String, Integer> things = new TreeMap<>();
        things.put("t0", t0);
        things.put("t1", t1);
        return things;
    }

    private static Map<String, Object> size(long size) {
        return Map.of("spec", Map.of("size", size));
    }

    @Test
    void anIgnoredFieldIsNeitherDriftNorWritten() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, selfHeal: true }", """
                ignore:
                  - { path: /spec/size, kind: Thing, name: t1 }
                """);
        assertThat(f.run(Trigger.POLL, f.commit(sizes(1, 1))).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live().get("t1").state()).as("created as the manifest says").isEqualTo(size(1));

        f.provider.tamper("t0", size(60));
        f.provider.tamper("t1", size(50)); // an autoscaler, say
        ReconcileOutcome drift = f.run(Trigger.DRIFT);

        assertThat(drift.result()).isEqualTo(Result.APPLIED);
        assertThat(drift.message()).contains("1 updated");
        assertThat(f.provider.live().get("t0").state()).as("not ignored: healed").isEqualTo(size(1));
        assertThat(f.provider.live().get("t1").state()).as("ignored: left as it is").isEqualTo(size(50));
        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.UNCHANGED);

        assertThat(f.run(Trigger.POLL, f.commit(sizes(1, 7))).result()).as("a manifest change of the ignored field")
                .isEqualTo(Result.UNCHANGED);
        assertThat(f.provider.live().get("t1").state()).isEqualTo(size(50));
        assertThat(f.run(Trigger.POLL, f.commit(sizes(3, 7))).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live().get("t0").state()).isEqualTo(size(3));
        assertThat(f.provider.live().get("t1").state()).isEqualTo(size(50));
    }
}
