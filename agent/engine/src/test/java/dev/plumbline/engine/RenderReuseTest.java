package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run does again only what changed since the stack's previous run: files unchanged since then are not
 * parsed, and a render that gives the very resources it gave before is not validated again.
 */
class RenderReuseTest {

    @TempDir
    Path dir;

    private static Map<String, Integer> things(int count, int changed) {
        Map<String, Integer> things = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            things.put("t" + i, i == changed ? 100 : 1);
        }
        return things;
    }

    @Test
    void aCommitThatChangesOneFileParsesOneAndADriftCheckNone() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, selfHeal: true }");
        String v1 = f.commit(things(50, -1));
        assertThat(f.run(Trigger.POLL, v1).result()).isEqualTo(Result.APPLIED);
        assertThat(f.reports.get(f.reports.size() - 1).manifestsParsed()).isEqualTo(50);
        assertThat(f.provider.validated()).isEqualTo(50);

        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.reports.get(f.reports.size() - 1).manifestsParsed()).isZero();
        assertThat(f.provider.validated()).as("the same resources are not validated again").isEqualTo(50);

        String v2 = f.commit(things(50, 7));
        assertThat(f.run(Trigger.POLL, v2).result()).isEqualTo(Result.APPLIED);
        assertThat(f.reports.get(f.reports.size() - 1).manifestsParsed()).isEqualTo(1);
        assertThat(f.provider.validated()).as("a stack is validated whole when anything changed").isEqualTo(100);
        assertThat(f.secretChecks).as("resources looked at by each check of secret references: all of them"
                + " first, then the one that changed").containsExactly(50, 1);
        assertThat(f.provider.live().get("t7").state()).isEqualTo(Map.of("spec", Map.of("size", 100L)));

        f.engine.clearRenderCache();
        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.reports.get(f.reports.size() - 1).manifestsParsed()).as("a hard sync parses all").isEqualTo(50);
        assertThat(f.provider.validated()).isEqualTo(150);
        assertThat(f.secretChecks).as("a render that gives new objects is checked whole").containsExactly(50, 1, 50);
    }

    @Test
    void onlyTheResourcesBetweenTheSameFirstAndLastOnesAreCheckedOnTheirOwn() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, selfHeal: true }");
        assertThat(f.run(Trigger.POLL, f.commit(things(50, -1))).result()).isEqualTo(Result.APPLIED);

        Map<String, Integer> twoApart = things(50, 3); // files sort by name: t11.yaml is the 4th, t3.yaml the 24th
        twoApart.put("t11", 100);
        assertThat(f.run(Trigger.POLL, f.commit(twoApart)).result()).isEqualTo(Result.APPLIED);
        Map<String, Integer> added = new TreeMap<>(twoApart);
        added.put("t49a", 1); // one file more, the 46th
        assertThat(f.run(Trigger.POLL, f.commit(added)).result()).isEqualTo(Result.APPLIED);
        Map<String, Integer> removed = new TreeMap<>(added);
        removed.remove("t20");
        assertThat(f.run(Trigger.POLL, f.commit(removed)).result()).isEqualTo(Result.APPLIED);

        // the 4th to the 24th file: 21 resources; then the one added; then none (one removed, nothing new)
        assertThat(f.secretChecks).containsExactly(50, 21, 1, 0);
        assertThat(f.provider.live()).doesNotContainKey("t20").containsKey("t49a");
    }
}
