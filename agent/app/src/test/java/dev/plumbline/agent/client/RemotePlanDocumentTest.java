package dev.plumbline.agent.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.diff.Differ;
import dev.plumbline.diff.Sensitivity;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.SourceMap;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.plan.PlanText;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The agent's plan document as the client reads it (JSON, through {@link AdminClient#planDocument}) and
 * prints it: with the same {@link PlanText} as a local plan.
 */
class RemotePlanDocumentTest {

    private static final String SHA = ApiFixtures.WEB_SHA;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsTheDocumentOfAPlanAsPlanTextPrintsThePlan() throws Exception {
        var changed = desired("a-changed", "server 2;\nlisten 80;\n");
        var changedLive = live("a-changed", "server 1;\nlisten 80;\n", true);
        var adopted = desired("c-adopt", "mine now");
        var adoptedLive = live("c-adopt", "theirs", false);
        var created = desired("b-new", "one line");
        var deleted = live("d-gone", "4", true);
        var orphan = live("e-kept", "5", true);
        var same = desired("f-same", "6");
        Plan plan = new Plan(List.of(
                new Change(Action.CREATE, key("b-new"), Optional.of(created), Optional.empty(),
                        Differ.diff(Map.of(), created.state())),
                new Change(Action.UPDATE, key("a-changed"), Optional.of(changed), Optional.of(changedLive),
                        Differ.diff(changedLive.state(), changed.state())),
                new Change(Action.UPDATE, key("c-adopt"), Optional.of(adopted), Optional.of(adoptedLive),
                        Differ.diff(adoptedLive.state(), adopted.state())),
                new Change(Action.DELETE, key("d-gone"), Optional.empty(), Optional.of(deleted),
                        Differ.diff(deleted.state(), Map.of())),
                new Change(Action.ORPHAN, key("e-kept"), Optional.empty(), Optional.of(orphan), List.of()),
                new Change(Action.NOOP, key("f-same"), Optional.of(same), Optional.of(live("f-same", "6", true)),
                        List.of())),
                List.of(), List.of(Problem.at(Location.of("stacks/web/x.yaml", 2, 3), "owned by stack api")));
        JsonNode answer = JSON.valueToTree(PlanDocument.of("web", SHA, plan).toMap());
        PlanDocument document = AdminClient.planDocument(answer);

        String local = PlanText.render("web", Commit.shortSha(SHA), plan);

        assertThat(local).contains("adopt:", "applied from", "! orphan", "error: stacks/web/x.yaml:2:3");
        assertThat(PlanText.render(document)).isEqualTo(local);
        assertThat(document.hasChanges()).isTrue();
        assertThat(document.failed()).isTrue();
        assertThat(answer.path("summary").fieldNames()).toIterable()
                .containsExactly("create", "update", "delete", "orphaned", "unchanged");
        assertThat(answer.path("changes").findValuesAsText("action"))
                .containsExactly("create", "update", "update", "delete", "orphaned", "unchanged");
    }

    @Test
    void aDocumentThatCouldNotBePlannedPrintsItsProblemsOnePerLine() throws Exception {
        PlanDocument document = AdminClient.planDocument(JSON.readTree(ApiFixtures.PLAN_RENDER_FAILED));

        assertThat(document.failed()).isTrue();
        assertThat(PlanText.render(document)).isEmpty();
        assertThat(PlanText.error(document)).isEqualTo("""
                stacks/web/site.yaml:3:5: unknown field 'contnet'
                stacks/web/robots.yaml:1:1: kind is missing
                """);
        assertThat(PlanText.error(AdminClient.planDocument(JSON.readTree("""
                { "stack": "web", "error": { "reason": "SourceUnavailable", "message": "infra was never fetched" } }
                """)))).isEqualTo("error: web: infra was never fetched\n");
    }

    @Test
    void aSecretFieldReadFromTheAnswerPrintsAsALocalPlanPrintsIt() throws Exception {
        var desired = desired("s", "x").withDocument(Map.of("spec", Map.of("path", "s",
                "content", new Sensitive("canary-new"))));
        var live = live("s", "canary-old", true);
        Plan plan = new Plan(List.of(new Change(Action.UPDATE, key("s"), Optional.of(desired), Optional.of(live),
                Differ.diff(Sensitivity.align(live.state(), desired.state()), desired.state()))), List.of(), List.of());
        PlanDocument document = AdminClient.planDocument(JSON.valueToTree(PlanDocument.of("web", SHA, plan)
                .toMap()));

        assertThat(PlanText.render(document)).isEqualTo(PlanText.render("web", Commit.shortSha(SHA), plan))
                .contains("changed: spec.content (sensitive)").doesNotContain("canary");
    }

    @Test
    void anAgentOfTheOlderWordsIsReadWithTheWordsOfNow() throws Exception {
        PlanDocument document = AdminClient.planDocument(JSON.readTree(ApiFixtures.PLAN_WITH_CHANGES
                .replace("\"orphaned\"", "\"orphan\"").replace("\"unchanged\"", "\"noop\"")));

        assertThat(document).isEqualTo(AdminClient.planDocument(JSON.readTree(ApiFixtures.PLAN_WITH_CHANGES)));
        assertThat(document.summary()).isEqualTo(new PlanDocument.Summary(1, 1, 1, 1, 3));
    }

    private static ResourceKey key(String name) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", name);
    }

    private static Resource desired(String name, String content) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", name);
        spec.put("content", content);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", "files.plumbline.dev/v1");
        document.put("kind", "File");
        document.put("metadata", Map.of("name", name));
        document.put("spec", spec);
        return new Resource(key(name), "files.plumbline.dev/v1", document,
                SourceMap.of(Location.of("stacks/web/" + name + ".yaml", 1, 1)));
    }

    private static LiveObject live(String name, String content, boolean managed) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", name);
        spec.put("content", content);
        Map<String, Object> state = Map.of("spec", spec);
        return managed ? LiveObject.managed(key(name), state, new Provenance("web", ApiFixtures.DB_SHA,
                Instant.EPOCH), false) : LiveObject.unmanaged(key(name), state);
    }
}
