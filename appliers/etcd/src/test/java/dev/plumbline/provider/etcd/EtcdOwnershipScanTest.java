package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the etcd provider lists as a stack's own for a rebuild of the inventory, on a real etcd: a KeySet's
 * records are one resource, Keys are keyed by resource name whatever their key, a record that cannot be read
 * is left out, and scanning writes nothing (the cluster's revision stays where it was).
 */
class EtcdOwnershipScanTest {

    private static final Instant FIRST = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant SECOND = Instant.parse("2025-06-02T12:00:00Z");

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private String prefix;
    private EtcdProvider provider;

    @BeforeEach
    void start() {
        prefix = EtcdFixtures.freshPrefix();
        provider = EtcdFixtures.provider(ETCD, prefix);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private static Resource key(String name, String key) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: %s }
                spec: { key: %s, value: "v" }
                """.formatted(name, key));
    }

    private static Resource keySet(String name, String entries) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: %s }
                spec: { prefix: limits/, entries: { %s } }
                """.formatted(name, entries));
    }

    private long clusterRevision() throws Exception {
        return ETCD.client().getKVClient().get(ByteSequence.from("/", StandardCharsets.UTF_8)).get().getHeader()
                .getRevision();
    }

    @Test
    void aKeySetIsOneResourceWithItsNewestRecordAndKeysGoByResourceName() throws Exception {
        Resource url = key("app-url", "app/url");
        Resource limits = keySet("limits", "rps: \"100\"");
        new StackDriver(provider, "web").at(FIRST).reconcile("rev1", List.of(url, limits), true);
        Resource grown = keySet("limits", "rps: \"100\", burst: \"20\"");
        new StackDriver(provider, "web").at(SECOND).reconcile("rev2", List.of(url, grown), true);
        new StackDriver(provider, "api").at(FIRST).reconcile("rev9", List.of(key("api-url", "api/url")), true);
        long before = clusterRevision();

        EtcdProvider fresh = EtcdFixtures.provider(ETCD, prefix);
        List<Owned> web = fresh.owned(new StackScope("web"));
        List<String> stacks = fresh.stacks();
        fresh.close();

        assertThat(web).extracting(Owned::key).containsExactly(url.key(), limits.key());
        assertThat(web.get(1).record().revision()).isEqualTo("rev2");
        assertThat(web.get(1).record().appliedAt()).isEqualTo(SECOND);
        assertThat(web.get(1).record().created()).isTrue();
        assertThat(stacks).containsExactly("api", "web");
        assertThat(clusterRevision()).as("scanning writes nothing").isEqualTo(before);
    }

    @Test
    void anInventoryRebuiltFromTheRecordsPlansTheKeySetAsANoop() {
        Resource limits = keySet("limits", "rps: \"100\", burst: \"20\"");
        new StackDriver(provider, "web").reconcile("rev1", List.of(limits), true);
        StackDriver rebuilt = new StackDriver(provider, "web");
        provider.owned(new StackScope("web"))
                .forEach(owned -> rebuilt.remember(owned.key(), "rebuilt", owned.record().revision()));

        Plan plan = rebuilt.plan(List.of(limits), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.NOOP);
        assertThat(plan.track()).extracting(Change::key).containsExactly(limits.key());
    }

    @Test
    void aRecordThatCannotBeReadIsLeftOutAndAStackNameWithASlashOwnsNothing() {
        new StackDriver(provider, "web").reconcile("rev1", List.of(key("app-url", "app/url")), true);
        ETCD.put(prefix + ".plumbline/owners/web/app/broken", "{not json");

        assertThat(provider.owned(new StackScope("web"))).extracting(Owned::key)
                .containsExactly(new ResourceKey("kv", EtcdProvider.GROUP, EtcdProvider.KEY, "", "app-url"));
        assertThat(provider.owned(new StackScope("web/app"))).isEmpty();
        assertThat(provider.owned(new StackScope("db"))).isEmpty();
    }
}
