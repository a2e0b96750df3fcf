package dev.plumbline.plan;

import static dev.plumbline.plan.PlannerTest.desired;
import static dev.plumbline.plan.PlannerTest.key;
import static dev.plumbline.plan.PlannerTest.live;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.Differ;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTextTest {

    private static Plan samplePlan() {
        var changed = desired("a-changed", "server 2;\nlisten 80;\n");
        var changedLive = live("a-changed", "server 1;\nlisten 80;\n", "web");
        var created = desired("b-new", "one line");
        var deleted = live("d-gone", "4", "web");
        var orphan = live("e-kept", "5", "web");
        return new Plan(List.of(
                new Change(Action.CREATE, key("b-new"), Optional.of(created), Optional.empty(),
                        Differ.diff(Map.of(), created.state())),
                new Change(Action.UPDATE, key("a-changed"), Optional.of(changed), Optional.of(changedLive),
                        Differ.diff(changedLive.state(), changed.state())),
                new Change(Action.DELETE, key("d-gone"), Optional.empty(), Optional.of(deleted),
                        Differ.diff(deleted.state(), Map.of())),
                new Change(Action.ORPHAN, key("e-kept"), Optional.empty(), Optional.of(orphan), List.of())),
                List.of(), List.of());
    }

    @Test
    void printsABlockPerChangeWithFieldsAndAUnifiedDiff() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/dev/plumbline/plan/update-and-delete.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        String text = PlanText.render("web", "abc1234 (main) \"Change the site\"", samplePlan());

        assertThat(text).isEqualTo(expected);
    }

    @Test
    void theJsonFormNamesFieldsAndPositions() {
        Map<String, Object> doc = PlanDocument.of("web", "abc1234", samplePlan());

        assertThat(doc).containsEntry("hasChanges", true);
        assertThat(doc.get("summary")).isEqualTo(Map.of("create", 1L, "update", 1L, "delete", 1L, "orphan", 1L,
                "noop", 0L));
        @SuppressWarnings("unchecked")
        Map<String, Object> update = (Map<String, Object>) ((List<Object>) doc.get("changes")).get(1);
        assertThat(update).containsEntry("action", "update").containsEntry("resource", "File a-changed")
                .containsEntry("source", "stacks/web/a-changed.yaml:1:1").containsEntry("liveRevision", "abc1234");
        assertThat(update.get("fields")).isEqualTo(List.of(Map.of("path", "spec.content", "change", "changed",
                "live", "server 1;\nlisten 80;\n", "desired", "server 2;\nlisten 80;\n",
                "source", "stacks/web/a-changed.yaml:1:1")));
        assertThat((String) update.get("diff")).contains("-    server 1;\n+    server 2;");
    }
}
