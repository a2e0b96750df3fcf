package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.ContentHash;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.PlanText;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.yaml.FieldPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provenance records in etcd: what they say, that they never hold a secret, how a secret reads back,
 * how a key moves, and how a key another stack wrote is refused.
 */
class EtcdProvenanceTest {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private String prefix;
    private EtcdProvider provider;
    private StackDriver web;

    @BeforeEach
    void start() {
        prefix = EtcdFixtures.freshPrefix();
        provider = EtcdFixtures.provider(ETCD, prefix);
        web = new StackDriver(provider, "web").at(Instant.parse("2025-06-01T12:00:00Z"));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private static Resource key(String name, String key, String value) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: %s }
                spec: { key: %s, value: "%s" }
                """.formatted(name, key, value));
    }

    @Test
    void aRecordSaysWhoWroteTheKeyFromWhereAndWhenWithAHashOfTheValue() {
        web.reconcile("9fceb02d0ae598e95dc970b74767f19372d61af8", List.of(key("app-url", "app/url", "https://a")),
                true);

        String text = ETCD.get(prefix + ".plumbline/owners/web/app/url").orElseThrow();

        assertThat(text).isEqualTo("{\"key\":\"app/url\",\"stack\":\"web\",\"kind\":\"Key\",\"resource\":\"app-url\","
                + "\"revision\":\"9fceb02d0ae598e95dc970b74767f19372d61af8\",\"appliedAt\":\"2025-06-01T12:00:00Z\","
                + "\"sha256\":\"" + ContentHash.sha256("https://a".getBytes(StandardCharsets.UTF_8)) + "\","
                + "\"created\":true,\"sensitive\":false}");
        assertThat(provider.provenanceArea("web")).isEqualTo(prefix + ".plumbline/owners/web/");
    }

    @Test
    void aSecretValueIsMarkedSensitiveNeverStoredInProvenanceAndReadBackAsASecret() {
        String canary = "canary-" + java.util.UUID.randomUUID();
        Resource token = withValue(key("token", "app/token", "x"), new Sensitive(canary));
        web.reconcile("rev1", List.of(token), true);

        assertThat(ETCD.get(prefix + "app/token")).hasValue(canary);
        assertThat(ETCD.getPrefix(prefix + ".plumbline/").values()).allSatisfy(value ->
                assertThat(value).doesNotContain(canary).contains("\"sensitive\":true"));
        LiveObject live = web.observe(List.of(token)).get(token.key());
        assertThat(live.state()).isEqualTo(Map.of("spec", Map.of("key", "app/token", "value", new Sensitive(canary))));
        assertThat(live.state().toString()).doesNotContain(canary);

        ETCD.put(prefix + "app/token", "changed-by-hand-" + canary);
        Plan drifted = web.plan(List.of(token), true);

        assertThat(drifted.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "value"));
        assertThat(PlanText.render("web", "rev1", drifted)).doesNotContain(canary).contains(Sensitive.MASK);
    }

    @Test
    void aKeyWhoseSpecKeyChangesMovesAndTheOldKeyIsRemoved() {
        web.reconcile("rev1", List.of(key("app-url", "app/url", "https://a")), true);
        Resource moved = key("app-url", "app/endpoint", "https://a");

        Plan plan = web.plan(List.of(moved), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "key"));

        web.reconcile("rev2", List.of(moved), true);

        assertThat(ETCD.getPrefix(prefix + "app/")).containsOnly(Map.entry(prefix + "app/endpoint", "https://a"));
        assertThat(ETCD.getPrefix(prefix + ".plumbline/").keySet())
                .containsExactly(prefix + ".plumbline/owners/web/app/endpoint");
        assertThat(web.plan(List.of(moved), true).hasChanges()).isFalse();
    }

    @Test
    void anEntryAnotherStackWroteMakesTheKeySetAConflictNamingThatStack() {
        new StackDriver(provider, "api").reconcile("rev1", List.of(key("shared", "app/shared", "api's")), true);
        Resource set = Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: app }
                spec:
                  prefix: app/
                  entries: { shared: "web's", own: "1" }
                """);

        Plan plan = web.plan(List.of(set), true);

        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("'api'"));
        assertThat(ETCD.get(prefix + "app/shared")).hasValue("api's");
    }

    @Test
    void aRecordThatIsNotValidJsonIsIgnoredSoItsKeyIsNeverPruned() {
        web.reconcile("rev1", List.of(key("a", "app/a", "1")), true);
        ETCD.put(prefix + ".plumbline/owners/web/app/a", "{not json");

        Plan plan = web.plan(List.of(), true);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.forget()).hasSize(1);
        assertThat(ETCD.get(prefix + "app/a")).hasValue("1");
    }

    private static Resource withValue(Resource resource, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>(resource.spec());
        spec.put("value", value);
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", spec);
        return resource.withDocument(document);
    }
}
