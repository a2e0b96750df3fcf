package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.yaml.FieldPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KeySets on a real etcd: create, update entry by entry, prune, drift, and keys under the prefix it did not write. */
class EtcdKeySetTest {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private String prefix;
    private EtcdProvider provider;
    private StackDriver web;

    @BeforeEach
    void start() {
        prefix = EtcdFixtures.freshPrefix();
        provider = EtcdFixtures.provider(ETCD, prefix);
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private static Resource keySet(String entries) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata:
                  name: app-settings
                spec:
                  prefix: app/
                  entries:
                %s
                """.formatted(entries.indent(4).stripTrailing()));
    }

    @Test
    void createsUpdatesEntryByEntryAndPrunes() {
        Resource first = keySet("""
                url: https://app.example.com
                timeout: 5s
                """);
        StackDriver.Run created = web.reconcile("rev1", List.of(first), true);

        assertThat(created.result(first.key()).outcome()).isEqualTo(ApplyResult.Outcome.CREATED);
        assertThat(ETCD.getPrefix(prefix + "app/")).containsOnly(
                Map.entry(prefix + "app/timeout", "5s"), Map.entry(prefix + "app/url", "https://app.example.com"));
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/url")).hasValueSatisfying(record -> {
            assertThat(record.kind()).isEqualTo("KeySet");
            assertThat(record.prefix()).isEqualTo("app/");
            assertThat(record.created()).isTrue();
        });

        Resource second = keySet("""
                timeout: 10s
                retries: "3"
                """);
        long timeoutRevision = ETCD.modRevision(prefix + "app/timeout");
        Plan plan = web.plan(List.of(second), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path).containsExactlyInAnyOrder(
                FieldPath.of("spec", "entries", "retries"), FieldPath.of("spec", "entries", "timeout"),
                FieldPath.of("spec", "entries", "url"));

        StackDriver.Run updated = web.at(java.time.Instant.parse("2025-06-02T08:30:00Z"))
                .reconcile("rev2", List.of(second), true);

        assertThat(updated.result(second.key()).outcome()).isEqualTo(ApplyResult.Outcome.UPDATED);
        assertThat(updated.result(second.key()).message()).contains("removed " + prefix + "app/url");
        assertThat(ETCD.getPrefix(prefix + "app/")).containsOnly(
                Map.entry(prefix + "app/retries", "3"), Map.entry(prefix + "app/timeout", "10s"));
        assertThat(ETCD.modRevision(prefix + "app/timeout")).isGreaterThan(timeoutRevision);
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/url")).isEmpty();
        assertThat(web.plan(List.of(second), true).hasChanges()).isFalse();

        StackDriver.Run pruned = web.reconcile("rev3", List.of(), true);

        assertThat(pruned.result(second.key()).outcome()).isEqualTo(ApplyResult.Outcome.DELETED);
        assertThat(ETCD.getPrefix(prefix)).isEmpty();
        assertThat(web.inventory()).isEmpty();
    }

    @Test
    void keysUnderThePrefixThatTheStackDidNotWriteAreNeitherShownNorDeleted() {
        ETCD.put(prefix + "app/legacy", "written by a person");
        Resource set = keySet("""
                a: "1"
                b: "2"
                """);
        web.reconcile("rev1", List.of(set), true);
        ETCD.put(prefix + "app/later", "written by another tool");

        LiveObject live = web.observe(List.of(set)).get(set.key());
        assertThat(live.state()).isEqualTo(provider.normalize(set).state());
        assertThat(web.plan(List.of(set), true).hasChanges()).isFalse();

        Resource smaller = keySet("""
                a: "1"
                """);
        StackDriver.Run shrunk = web.reconcile("rev2", List.of(smaller), true);
        assertThat(shrunk.result(smaller.key()).message())
                .contains("left " + prefix + "app/later, " + prefix + "app/legacy under " + prefix + "app/ alone");

        web.reconcile("rev3", List.of(), true);

        assertThat(ETCD.getPrefix(prefix)).containsOnly(Map.entry(prefix + "app/later", "written by another tool"),
                Map.entry(prefix + "app/legacy", "written by a person"));
    }

    @Test
    void anEntryThatExistedBeforeIsAdoptedAndLeftOnPrune() {
        ETCD.put(prefix + "app/a", "old");
        Resource set = keySet("""
                a: new
                b: fresh
                """);

        Plan plan = web.plan(List.of(set), true);
        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path).containsExactlyInAnyOrder(
                FieldPath.of("spec", "entries", "a"), FieldPath.of("spec", "entries", "b"));
        StackDriver.Run adopted = web.reconcile("rev1", List.of(set), true);

        assertThat(adopted.result(set.key()).message()).contains(prefix + "app/a existed before");
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/a")).hasValueSatisfying(r -> assertThat(r.created()).isFalse());
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/b")).hasValueSatisfying(r -> assertThat(r.created()).isTrue());

        web.reconcile("rev2", List.of(), true);

        assertThat(ETCD.getPrefix(prefix)).containsOnly(Map.entry(prefix + "app/a", "new"));
    }

    @Test
    void anEntryChangedBehindTheProvidersBackIsAnUpdateOfThatEntry() {
        Resource set = keySet("""
                a: "1"
                b: "2"
                """);
        web.reconcile("rev1", List.of(set), true);
        ETCD.put(prefix + "app/b", "edited by hand");

        Plan plan = web.plan(List.of(set), true);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "entries", "b"));
        long untouched = ETCD.modRevision(prefix + "app/a");

        web.reconcile("rev1", List.of(set), true);

        assertThat(ETCD.get(prefix + "app/b")).hasValue("2");
        assertThat(ETCD.modRevision(prefix + "app/a")).as("an entry already as desired is not rewritten")
                .isEqualTo(untouched);
        assertThat(web.plan(List.of(set), true).hasChanges()).isFalse();
    }

    @Test
    void anEntryDeletedBehindTheProvidersBackIsWrittenAgain() {
        Resource set = keySet("""
                a: "1"
                b: "2"
                """);
        web.reconcile("rev1", List.of(set), true);
        ETCD.delete(prefix + "app/a");

        Plan plan = web.plan(List.of(set), true);
        assertThat(plan.changes().get(0).diff()).extracting(FieldChange::path)
                .containsExactly(FieldPath.of("spec", "entries", "a"));
        web.reconcile("rev1", List.of(set), true);

        assertThat(ETCD.get(prefix + "app/a")).hasValue("1");
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/a")).hasValueSatisfying(r -> assertThat(r.created()).isTrue());
    }
}
