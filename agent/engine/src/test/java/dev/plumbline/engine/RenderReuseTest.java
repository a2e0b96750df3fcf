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
        assertThat(f.provider.live().get("t7").state()).isEqualTo(Map.of("spec", Map.of("size", 100L)));

        f.engine.clearRenderCache();
        assertThat(f.run(Trigger.DRIFT).result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.reports.get(f.reports.size() - 1).manifestsParsed()).as("a hard sync parses all").isEqualTo(50);
        assertThat(f.provider.validated()).isEqualTo(150);
    }
}
