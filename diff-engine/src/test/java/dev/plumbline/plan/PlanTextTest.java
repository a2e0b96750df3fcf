package dev.plumbline.plan;

import static dev.plumbline.plan.PlannerTest.desired;
import static dev.plumbline.plan.PlannerTest.key;
import static dev.plumbline.plan.PlannerTest.live;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.diff.Differ;
import dev.plumbline.diff.Sensitivity;
import dev.plumbline.model.Sensitive;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
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
    void aLongPlanKeepsItsOrderAndEachChangeItsOwnDiff() {
        List<Change> changes = new java.util.ArrayList<>();
        for (int index = 0; index < 500; index++) {
            var created = desired("f" + index, "line " + index);
            changes.add(new Change(Action.CREATE, key("f" + index), Optional.of(created), Optional.empty(),
                    Differ.diff(Map.of(), created.state())));
        }

        PlanDocument document = PlanDocument.of("web", "abc1234", new Plan(changes, List.of(), List.of()));

        assertThat(document.changes()).hasSize(500);
        for (int index = 0; index < 500; index++) {
            PlanDocument.Change change = document.changes().get(index);
            String line = "line " + index;
            assertThat(change.resource()).endsWith("f" + index);
            assertThat(change.diff()).anySatisfy(diffLine -> assertThat(diffLine).endsWith(line));
        }
    }

    @Test
    void theJsonFormNamesFieldsAndPositions() {
        Map<String, Object> doc = PlanDocument.of("web", "abc1234", samplePlan()).toMap();

        assertThat(doc).containsEntry("hasChanges", true);
        assertThat(doc.get("summary")).isEqualTo(Map.of("create", 1L, "update", 1L, "delete", 1L, "orphaned", 1L,
                "unchanged", 0L));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) doc.get("changes");
        assertThat(changes).extracting(c -> c.get("action")).containsExactly("create", "update", "delete",
                "orphaned");
        Map<String, Object> update = changes.get(1);
        assertThat(update).containsEntry("action", "update").containsEntry("resource", "File a-changed")
                .containsEntry("source", "stacks/web/a-changed.yaml:1:1").containsEntry("liveRevision", "abc1234");
        assertThat(update.get("fields")).isEqualTo(List.of(Map.of("path", "spec.content", "change", "changed",
                "live", "server 1;\nlisten 80;\n", "desired", "server 2;\nlisten 80;\n",
                "source", "stacks/web/a-changed.yaml:1:1")));
        assertThat((String) update.get("diff")).contains("-    server 1;\n+    server 2;");
    }

    @Test
    void aDocumentReadBackFromItsMapIsTheSameAndPrintsTheSame() {
        PlanDocument document = PlanDocument.of("web", "abc1234def5678", samplePlan());

        PlanDocument read = PlanDocument.fromMap(document.toMap());

        assertThat(read).isEqualTo(document);
        assertThat(read.toMap()).isEqualTo(document.toMap());
        assertThat(PlanText.render(read)).isEqualTo(PlanText.render("web", "abc1234", samplePlan()));
    }

    @Test
    void aSecretFieldIsMarkedSensitiveInTheDocumentAndAfterReadingItBack() {
        var desired = desired("s", "x").withDocument(PlannerTest.ordered("spec", PlannerTest.ordered("path", "s",
                "content", new Sensitive("canary-new"))));
        var live = live("s", "canary-old", "web");
        var aligned = Sensitivity.align(live.state(), desired.state());
        Plan plan = new Plan(List.of(new Change(Action.UPDATE, key("s"), Optional.of(desired), Optional.of(live),
                Differ.diff(aligned, desired.state()))), List.of(), List.of());
        PlanDocument document = PlanDocument.of("web", "abc", plan);

        assertThat(document.changes().get(0).fields()).singleElement().satisfies(field -> {
            assertThat(field.sensitive()).isTrue();
            assertThat(field.desired()).isEqualTo(Sensitive.MASK);
        });
        assertThat(PlanText.render(PlanDocument.fromMap(document.toMap()))).isEqualTo(PlanText.render(document))
                .contains("changed: spec.content (sensitive)").doesNotContain("canary");
    }

    @Test
    void aDocumentOfAnOlderAgentReadsWithTheWordsOfNow() {
        Map<String, Object> older = new java.util.LinkedHashMap<>(PlanDocument.of("web", "abc", samplePlan())
                .toMap());
        older.put("summary", Map.of("create", 1, "update", 1, "delete", 1, "orphan", 1, "noop", 2));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) older.get("changes");
        Map<String, Object> orphan = new java.util.LinkedHashMap<>(changes.get(3));
        orphan.put("action", "orphan");
        older.put("changes", List.of(orphan));

        PlanDocument read = PlanDocument.fromMap(older);

        assertThat(read.changes()).extracting(PlanDocument.Change::action).containsExactly(Action.ORPHAN);
        assertThat(read.summary()).isEqualTo(new PlanDocument.Summary(1, 1, 1, 1, 2));
        assertThat(read.toMap().get("summary")).isEqualTo(Map.of("create", 1L, "update", 1L, "delete", 1L,
                "orphaned", 1L, "unchanged", 2L));
    }

    @Test
    void anUnknownActionIsRefusedWithTheKnownWords() {
        Map<String, Object> doc = Map.of("stack", "web", "changes", List.of(Map.of("action", "frob")));

        assertThatThrownBy(() -> PlanDocument.fromMap(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'frob'").hasMessageContaining("orphaned, unchanged");
    }

    @Test
    void aStackThatCouldNotBePlannedIsAnErrorDocument() {
        PlanDocument bad = PlanDocument.error("web", "abc", new StalledException("RenderFailed", List.of(
                Problem.at(Location.of("stacks/web/site.yaml", 3, 5), "unknown field 'contnet'"),
                Problem.at(Location.of("stacks/web/robots.yaml", 1, 1), "kind is missing"))));
        PlanDocument unfetched = PlanDocument.error("web", new StalledException("SourceUnavailable",
                "infra was never fetched"));

        assertThat(bad.failed()).isTrue();
        assertThat(bad.toMap()).containsOnlyKeys("stack", "error", "revision");
        assertThat(PlanDocument.fromMap(bad.toMap())).isEqualTo(bad);
        assertThat(PlanText.render(bad)).isEmpty();
        assertThat(PlanText.error(bad)).isEqualTo("""
                stacks/web/site.yaml:3:5: unknown field 'contnet'
                stacks/web/robots.yaml:1:1: kind is missing
                """);
        assertThat(PlanText.error(unfetched)).isEqualTo("error: web: infra was never fetched\n");
        assertThat(unfetched.toMap()).isEqualTo(Map.of("stack", "web", "error", Map.of("reason",
                "SourceUnavailable", "message", "infra was never fetched", "problems", List.of())));
        assertThat(PlanText.error(PlanDocument.of("web", "abc", samplePlan()))).isEmpty();
    }
}
