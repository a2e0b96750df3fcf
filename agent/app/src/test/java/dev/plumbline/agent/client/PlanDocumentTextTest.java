package dev.plumbline.agent.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.diff.Differ;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
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

class PlanDocumentTextTest {

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
        JsonNode document = JSON.valueToTree(PlanDocument.of("web", SHA, plan));

        String local = PlanText.render("web", Commit.shortSha(SHA), plan);

        assertThat(local).contains("adopt:", "applied from", "! orphan", "error: stacks/web/x.yaml:2:3");
        assertThat(PlanDocumentText.render(document)).isEqualTo(local);
        assertThat(PlanDocumentText.hasChanges(document)).isTrue();
        assertThat(PlanDocumentText.failed(document)).isTrue();
    }

    @Test
    void aDocumentThatCouldNotBePlannedPrintsItsProblemsOnePerLine() throws Exception {
        JsonNode document = JSON.readTree(ApiFixtures.PLAN_RENDER_FAILED);

        assertThat(PlanDocumentText.failed(document)).isTrue();
        assertThat(PlanDocumentText.render(document)).isEmpty();
        assertThat(PlanDocumentText.error(document)).isEqualTo("""
                stacks/web/site.yaml:3:5: unknown field 'contnet'
                stacks/web/robots.yaml:1:1: kind is missing
                """);
        assertThat(PlanDocumentText.error(JSON.readTree("""
                { "stack": "web", "error": { "reason": "SourceUnavailable", "message": "infra was never fetched" } }
                """))).isEqualTo("error: web: infra was never fetched\n");
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
