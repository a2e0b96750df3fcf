package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.ContentHash;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.FieldPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Labels and annotations of Keys and KeySets on a real etcd: kept in the provenance records (a KeySet's in
 * every key's), read back so that the next plan shows nothing, a change of them alone rewriting the records
 * and never the values, and records written before the provider kept them read as they were.
 */
class EtcdMetadataTest {

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

    private static Resource key(String metadata, String value) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata:
                  name: app-url
                %s
                spec: { key: app/url, value: "%s" }
                """.formatted(metadata.indent(2).stripTrailing(), value));
    }

    private static Resource keySet(String metadata, String entries) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata:
                  name: limits
                %s
                spec:
                  prefix: app/limits/
                  entries: %s
                """.formatted(metadata.indent(2).stripTrailing(), entries));
    }

    private String record(String relative) {
        return ETCD.get(prefix + ".plumbline/owners/web/" + relative).orElseThrow();
    }

    @Test
    void aKeysLabelsAndAnnotationsAreKeptInItsRecordAndReadBackWithoutADiff() {
        Resource url = key("""
                labels: { team: web, tier: front }
                annotations: { note: "owned by \\"web\\"; see the runbook" }
                """, "https://a");

        web.reconcile("rev1", List.of(url), true);

        assertThat(record("app/url")).isEqualTo("{\"key\":\"app/url\",\"stack\":\"web\",\"kind\":\"Key\","
                + "\"resource\":\"app-url\",\"revision\":\"rev1\",\"appliedAt\":\"2025-06-01T12:00:00Z\","
                + "\"sha256\":\"" + ContentHash.sha256("https://a".getBytes(StandardCharsets.UTF_8)) + "\","
                + "\"created\":true,\"sensitive\":false,\"labels\":{\"team\":\"web\",\"tier\":\"front\"},"
                + "\"annotations\":{\"note\":\"owned by \\\"web\\\"; see the runbook\"}}");
        assertThat(ETCD.get(prefix + "app/url")).hasValue("https://a");
        LiveObject live = web.observe(List.of(url)).get(url.key());
        assertThat(live.state()).isEqualTo(Map.of(
                "metadata", Map.of("labels", Map.of("team", "web", "tier", "front"),
                        "annotations", Map.of("note", "owned by \"web\"; see the runbook")),
                "spec", Map.of("key", "app/url", "value", "https://a")));
        assertThat(web.plan(List.of(url), true).hasChanges()).isFalse();
    }

    @Test
    void changingOnlyLabelsRewritesTheRecordAndLeavesTheValueAlone() {
        web.reconcile("rev1", List.of(key("labels: { team: web }", "https://a")), true);
        long valueRevision = ETCD.modRevision(prefix + "app/url");
        long recordRevision = ETCD.modRevision(prefix + ".plumbline/owners/web/app/url");
        Resource relabelled = key("labels: { team: platform }\nannotations: { note: moved }", "https://a");

        Plan plan = web.plan(List.of(relabelled), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path).containsExactlyInAnyOrder(
                FieldPath.of("metadata", "labels", "team"), FieldPath.of("metadata", "annotations"));

        StackDriver.Run run = web.reconcile("rev2", List.of(relabelled), true);

        assertThat(run.result(relabelled.key()).message()).contains("1 key already held the desired value")
                .doesNotContain("wrote");
        assertThat(ETCD.modRevision(prefix + "app/url")).isEqualTo(valueRevision);
        assertThat(ETCD.modRevision(prefix + ".plumbline/owners/web/app/url")).isGreaterThan(recordRevision);
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/url")).hasValueSatisfying(record -> {
            assertThat(record.metadata()).isEqualTo(new RecordedMetadata(Map.of("team", "platform"),
                    Map.of("note", "moved")));
            assertThat(record.owner().revision()).isEqualTo("rev2");
        });
        assertThat(web.plan(List.of(relabelled), true).hasChanges()).isFalse();

        Resource bare = key("", "https://a");
        web.reconcile("rev3", List.of(bare), true);

        assertThat(ETCD.modRevision(prefix + "app/url")).isEqualTo(valueRevision);
        assertThat(record("app/url")).doesNotContain("labels").doesNotContain("annotations");
        assertThat(web.plan(List.of(bare), true).hasChanges()).isFalse();
    }

    @Test
    void everyKeyOfAKeySetKeepsItsMetadataAndAChangeRewritesOnlyTheRecords() {
        Resource limits = keySet("labels: { team: web }", "{ rps: \"100\", burst: \"20\" }");
        web.reconcile("rev1", List.of(limits), true);

        assertThat(List.of("app/limits/rps", "app/limits/burst")).allSatisfy(key ->
                assertThat(EtcdFixtures.record(ETCD, prefix, key)).hasValueSatisfying(record -> assertThat(
                        record.metadata()).isEqualTo(new RecordedMetadata(Map.of("team", "web"), Map.of()))));
        assertThat(web.plan(List.of(limits), true).hasChanges()).isFalse();
        long rps = ETCD.modRevision(prefix + "app/limits/rps");
        long burst = ETCD.modRevision(prefix + "app/limits/burst");

        Resource annotated = keySet("labels: { team: web }\nannotations: { reviewed: \"yes\" }",
                "{ rps: \"100\", burst: \"20\" }");
        Plan plan = web.plan(List.of(annotated), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> assertThat(change.diff())
                .extracting(FieldChange::path).containsExactly(FieldPath.of("metadata", "annotations")));

        web.reconcile("rev2", List.of(annotated), true);

        assertThat(ETCD.modRevision(prefix + "app/limits/rps")).isEqualTo(rps);
        assertThat(ETCD.modRevision(prefix + "app/limits/burst")).isEqualTo(burst);
        assertThat(List.of("app/limits/rps", "app/limits/burst")).allSatisfy(key ->
                assertThat(record(key)).contains("\"annotations\":{\"reviewed\":\"yes\"}"));
        assertThat(web.plan(List.of(annotated), true).hasChanges()).isFalse();
    }

    @Test
    void aKeySetRecordWhoseMetadataDisagreesShowsAsADiffUntilTheApplyRewritesIt() {
        Resource limits = keySet("labels: { team: web }", "{ rps: \"100\", burst: \"20\" }");
        web.reconcile("rev1", List.of(limits), true);
        // records in key order: burst, rps; the one that disagrees is not the first, and has the same appliedAt
        String rps = prefix + ".plumbline/owners/web/app/limits/rps";
        ETCD.put(rps, ETCD.get(rps).orElseThrow().replace("\"team\":\"web\"", "\"team\":\"ops\""));

        Plan plan = web.plan(List.of(limits), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> assertThat(change.diff())
                .containsExactly(FieldChange.changed(FieldPath.of("metadata", "labels", "team"), "ops", "web")));

        web.reconcile("rev2", List.of(limits), true);

        assertThat(record("app/limits/rps")).contains("\"labels\":{\"team\":\"web\"}");
        assertThat(web.plan(List.of(limits), true).hasChanges()).isFalse();
    }

    @Test
    void anAdoptedKeyKeepsTheLabelsOfTheResourceThatAdoptedIt() {
        ETCD.put(prefix + "app/url", "https://a");
        Resource url = key("labels: { team: web }", "https://a");

        web.reconcile("rev1", List.of(url), true);

        assertThat(EtcdFixtures.record(ETCD, prefix, "app/url")).hasValueSatisfying(record -> {
            assertThat(record.created()).isFalse();
            assertThat(record.metadata().labels()).isEqualTo(Map.of("team", "web"));
        });
        assertThat(web.plan(List.of(url), true).hasChanges()).isFalse();
    }

    @Test
    void aRecordWrittenBeforeRecordsKeptMetadataIsReadAsItWasAndGetsTheLabelsOnTheNextApply() {
        String sha256 = ContentHash.sha256("https://a".getBytes(StandardCharsets.UTF_8));
        ETCD.put(prefix + "app/url", "https://a");
        ETCD.put(prefix + ".plumbline/owners/web/app/url", "{\"key\":\"app/url\",\"stack\":\"web\",\"kind\":\"Key\","
                + "\"resource\":\"app-url\",\"revision\":\"old\",\"appliedAt\":\"2024-01-01T00:00:00Z\","
                + "\"sha256\":\"" + sha256 + "\",\"created\":true,\"sensitive\":false}");
        Resource plain = key("", "https://a");

        LiveObject live = web.observe(List.of(plain)).get(plain.key());

        assertThat(live.provenance()).hasValueSatisfying(provenance ->
                assertThat(provenance.revision()).isEqualTo("old"));
        assertThat(live.adopted()).isFalse();
        assertThat(web.plan(List.of(plain), true).hasChanges()).isFalse();

        Resource labelled = key("labels: { team: web }", "https://a");
        assertThat(web.plan(List.of(labelled), true).changes()).singleElement().satisfies(change -> assertThat(
                change.diff()).containsExactly(FieldChange.added(FieldPath.of("metadata"),
                Map.of("labels", Map.of("team", "web")))));

        web.reconcile("rev1", List.of(labelled), true);

        assertThat(record("app/url")).endsWith("\"created\":true,\"sensitive\":false,\"labels\":{\"team\":\"web\"}}");
        assertThat(web.plan(List.of(labelled), true).hasChanges()).isFalse();
    }

    @Test
    void aResourceThatLeftGitIsPrunedWhateverItsRecordsKept() {
        Resource limits = keySet("labels: { team: web }", "{ rps: \"100\" }");
        web.reconcile("rev1", List.of(limits), true);

        Plan plan = web.plan(List.of(), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.DELETE);
        web.reconcile("rev2", List.of(), true);
        assertThat(ETCD.getPrefix(prefix)).isEmpty();
    }
}
