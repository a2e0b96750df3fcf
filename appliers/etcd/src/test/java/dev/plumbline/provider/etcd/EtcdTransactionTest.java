package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.engine.apply.Backoff;
import dev.plumbline.engine.apply.ChangeResult;
import dev.plumbline.engine.apply.ExecutionResult;
import dev.plumbline.engine.apply.Executor;
import dev.plumbline.engine.apply.InventoryJournal;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Providers;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.TransactionalProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stack that fits in one transaction, on a real etcd: all of its changes land at one revision, and a writer
 * that changes a key between observe and apply makes the whole apply fail with a conflict that writes
 * nothing. (Stacks of several transactions: {@link EtcdBatchesTest}.)
 */
class EtcdTransactionTest {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

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

    private static Resource key(String name, String value) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: %s }
                spec: { key: app/%s, value: "%s" }
                """.formatted(name, name, value));
    }

    @Test
    void allOfAStacksChangesLandInOneTransaction() {
        web.reconcile("rev1", List.of(key("a", "1"), key("b", "1"), key("c", "1")), true);

        long revision = ETCD.modRevision(prefix + "app/a");
        assertThat(ETCD.modRevision(prefix + "app/b")).isEqualTo(revision);
        assertThat(ETCD.modRevision(prefix + "app/c")).isEqualTo(revision);
        assertThat(ETCD.modRevision(prefix + ".plumbline/owners/web/app/c")).isEqualTo(revision);
    }

    @Test
    void aKeyChangedBetweenObserveAndApplyFailsTheWholeApplyAndWritesNothing() {
        web.reconcile("rev1", List.of(key("a", "1"), key("b", "1")), true);
        List<Resource> next = List.of(key("a", "2"), key("b", "2"), key("c", "2"));
        Plan plan = web.plan(next, true);
        ETCD.put(prefix + "app/b", "another writer");
        Map<String, Long> before = revisions();

        TransientException conflict = catchThrowableOfType(TransientException.class,
                () -> provider.applyAll(plan.mutations(), new ApplyContext("web", "rev2", NOW)));

        assertThat(conflict.reason()).isEqualTo(TransactionalProvider.CONFLICT);
        assertThat(conflict.getMessage()).isEqualTo("key " + prefix + "app/b changed since it was read"
                + " (another writer); observing again");
        assertThat(revisions()).as("every key, data and provenance, as it was").isEqualTo(before);
        assertThat(ETCD.get(prefix + "app/a")).hasValue("1");
        assertThat(ETCD.get(prefix + "app/c")).isEmpty();

        web.reconcile("rev2", next, true);

        assertThat(ETCD.getPrefix(prefix + "app/")).containsOnly(Map.entry(prefix + "app/a", "2"),
                Map.entry(prefix + "app/b", "2"), Map.entry(prefix + "app/c", "2"));
        assertThat(web.plan(next, true).hasChanges()).isFalse();
    }

    @Test
    void aKeyCreatedByAnotherWriterAfterObserveIsAConflictToo() {
        Plan plan = web.plan(List.of(key("a", "1")), true);
        ETCD.put(prefix + "app/a", "first come");

        TransientException conflict = catchThrowableOfType(TransientException.class,
                () -> provider.applyAll(plan.mutations(), new ApplyContext("web", "rev1", NOW)));

        assertThat(conflict.reason()).isEqualTo(TransactionalProvider.CONFLICT);
        assertThat(conflict.getMessage()).contains("key " + prefix + "app/a changed since it was read");
        assertThat(ETCD.get(prefix + "app/a")).hasValue("first come");
        assertThat(ETCD.getPrefix(prefix + ".plumbline/")).isEmpty();
    }

    @Test
    void theExecutorReportsTheConflictForEveryChangeOfTheBatchAndRecordsNothingAsApplied() {
        Plan plan = web.plan(List.of(key("a", "1"), key("b", "1")), true);
        ETCD.put(prefix + "app/b", "another writer");
        Map<ResourceKey, String> journal = new LinkedHashMap<>();
        Executor executor = new Executor(Providers.of(List.of(provider))::get, new InventoryJournal() {
            @Override
            public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
                journal.put(key, "intended");
            }

            @Override
            public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
                journal.put(key, "applied");
            }

            @Override
            public void forget(String stack, ResourceKey key) {
                journal.remove(key);
            }
        }, 3, new Backoff(Duration.ZERO, Duration.ZERO), new StopSignal());

        ExecutionResult result = executor.execute(plan, new ApplyContext("web", "rev1", NOW), change -> true);

        assertThat(result.results()).extracting(ChangeResult::reason)
                .containsExactly(TransactionalProvider.CONFLICT, TransactionalProvider.CONFLICT);
        assertThat(result.results()).extracting(ChangeResult::attempts).containsOnly(1);
        assertThat(journal).doesNotContainValue("applied");
        assertThat(ETCD.get(prefix + "app/a")).isEmpty();
    }

    @Test
    void applyingWithoutHavingObservedIsRefusedAsAConflict() {
        Plan plan = web.plan(List.of(key("a", "1")), true);
        EtcdProvider fresh = EtcdFixtures.provider(ETCD, prefix);

        try (fresh) {
            TransientException refused = catchThrowableOfType(TransientException.class,
                    () -> fresh.applyAll(plan.mutations(), new ApplyContext("web", "rev1", NOW)));

            assertThat(refused.reason()).isEqualTo(TransactionalProvider.CONFLICT);
            assertThat(refused.getMessage()).contains("stack 'web' has not been observed");
        }
        assertThat(ETCD.getPrefix(prefix)).isEmpty();
    }

    @Test
    void observationsOfTwoStacksDoNotMix() {
        StackDriver api = new StackDriver(provider, "api");
        Plan forWeb = web.plan(List.of(key("w", "1")), true);
        Plan forApi = api.plan(List.of(key("x", "1")), true);

        provider.applyAll(forApi.mutations(), new ApplyContext("api", "rev1", NOW));
        provider.applyAll(forWeb.mutations(), new ApplyContext("web", "rev1", NOW));

        assertThat(ETCD.get(prefix + "app/w")).hasValue("1");
        assertThat(ETCD.get(prefix + "app/x")).hasValue("1");
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/x")).hasValueSatisfying(r -> assertThat(r.stack())
                .isEqualTo("api"));
    }

    /** The mod revision of every key under the prefix. */
    private Map<String, Long> revisions() {
        Map<String, Long> revisions = new LinkedHashMap<>();
        for (String key : ETCD.getPrefix(prefix).keySet()) {
            revisions.put(key, ETCD.modRevision(key));
        }
        return revisions;
    }
}
