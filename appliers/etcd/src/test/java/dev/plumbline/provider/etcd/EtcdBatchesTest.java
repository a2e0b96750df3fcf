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
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Providers;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.TransactionalProvider;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stacks larger than one etcd transaction, on a real etcd with its default limits (128 operations, 1.5 MiB
 * per request): written in as many transactions as needed, each checking the revisions it relies on, in
 * order; a key changed behind the agent's back stops the apply at the transaction holding it, while those
 * before it stay written and recorded, and the next run converges.
 */
class EtcdBatchesTest {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    /** An etcd that takes at most 8 operations per transaction branch. */
    @RegisterExtension
    static final EtcdServer FEW_OPS = EtcdServer.withFlags("--max-txn-ops", "8");

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

    /** Keys {@code k0000} to {@code k<count-1>} at {@code app/k0000} ..., each valued {@code value}. */
    private static List<Resource> keys(int count, String value) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            yaml.append("""
                    apiVersion: etcd.plumbline.dev/v1
                    kind: Key
                    metadata: { name: k%04d }
                    spec: { key: app/k%04d, value: "%s" }
                    ---
                    """.formatted(i, i, value));
        }
        return Manifests.parse("kv", "stacks/web/keys.yaml", yaml.toString());
    }

    /**
     * The KeySet {@code set} under {@code app/set/} with {@code count} entries {@code e0000} ... from
     * {@code first} on (put in after parsing: a manifest of megabytes is more than one YAML document may be).
     */
    private static Resource keySet(int first, int count, String value) {
        Resource set = Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: set }
                spec: { prefix: app/set/, entries: { placeholder: "" } }
                """);
        Map<String, Object> entries = new LinkedHashMap<>();
        IntStream.range(first, first + count).forEach(i -> entries.put("e%04d".formatted(i), value));
        Map<String, Object> document = new LinkedHashMap<>(set.document());
        document.put("spec", Map.of("prefix", "app/set/", "entries", entries));
        return set.withDocument(document);
    }

    /** The distinct mod revisions of the keys under {@code under}: one per transaction that wrote them. */
    private Set<Long> revisions(EtcdServer etcd, String under) {
        return range(etcd, prefix + under, false).stream().map(KeyValue::getModRevision)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many keys there are under {@code under}. */
    private long count(String under) {
        return range(ETCD, prefix + under, true).size();
    }

    /** The keys under {@code full} (without their values, when {@code keysOnly}), in one read. */
    private static List<KeyValue> range(EtcdServer etcd, String full, boolean keysOnly) {
        try {
            return etcd.client().getKVClient().get(EtcdConnection.bytes(full), GetOption.builder().isPrefix(true)
                    .withKeysOnly(keysOnly).build()).get(10, TimeUnit.SECONDS).getKvs();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + full + " from the test etcd", e);
        }
    }

    @Test
    void aStackOfAThousandKeysIsWrittenInTransactionsEtcdTakesAndReplansAsNoChange() {
        List<Resource> desired = keys(1000, "v1");

        web.reconcile("rev1", desired, true);

        assertThat(ETCD.getPrefix(prefix + "app/")).hasSize(1000).containsEntry(prefix + "app/k0999", "v1");
        assertThat(ETCD.getPrefix(prefix + ".plumbline/owners/web/")).hasSize(1000);
        assertThat(revisions(ETCD, "app/")).as("64 keys with their records per transaction of 128 operations")
                .hasSize(16);
        assertThat(ETCD.modRevision(prefix + ".plumbline/owners/web/app/k0500"))
                .isEqualTo(ETCD.modRevision(prefix + "app/k0500"));
        assertThat(web.plan(desired, true).hasChanges()).isFalse();
        assertThat(web.inventory()).hasSize(1000).allSatisfy((key, entry) -> assertThat(entry.pending()).isFalse());
    }

    @Test
    void aKeyChangedBehindTheAgentsBackInALaterTransactionStopsTheApplyThereAndTheNextRunConverges() {
        List<Resource> desired = keys(200, "v1");
        Plan plan = web.plan(desired, true);
        ETCD.put(prefix + "app/k0150", "another writer");
        Map<ResourceKey, String> journal = new LinkedHashMap<>();

        ExecutionResult result = executor(journal).execute(plan, new ApplyContext("web", "rev1", NOW), c -> true);

        String conflict = "key " + prefix + "app/k0150 changed since it was read (another writer); transaction 3 of 4"
                + " wrote nothing and the apply stopped there; the 2 before it stay written (128 keys with their"
                + " provenance records); observing again";
        assertThat(result.results()).as("the keys of the two transactions written are done, the apply failed at"
                + " the first key of the third, and the rest was not run").extracting(ChangeResult::status)
                .containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.concat(
                        java.util.Collections.nCopies(128, ChangeResult.Status.DONE).stream(),
                        java.util.stream.Stream.of(ChangeResult.Status.FAILED)),
                        java.util.Collections.nCopies(71, ChangeResult.Status.NOT_RUN).stream()).toList());
        assertThat(result.firstFailure()).get().satisfies(failure -> {
            assertThat(failure.reason()).isEqualTo(TransactionalProvider.CONFLICT);
            assertThat(failure.message()).contains("create Key k0128 failed: ").endsWith(conflict);
        });
        assertThat(ETCD.getPrefix(prefix + "app/")).as("k0000 to k0127 written, then the conflict; k0192 to k0199"
                + " were never sent").hasSize(129).containsEntry(prefix + "app/k0127", "v1")
                .containsEntry(prefix + "app/k0150", "another writer").doesNotContainKey(prefix + "app/k0128");
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/k0127")).hasValueSatisfying(record -> {
            assertThat(record.provenance().revision()).isEqualTo("rev1");
            assertThat(record.created()).isTrue();
        });
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/k0128")).isEmpty();
        assertThat(journal).as("owned, and so prunable, from before the call; what was written, applied")
                .hasSize(200);
        assertThat(journal.values().stream().filter("applied"::equals).count()).isEqualTo(128);
        assertThat(journal).anySatisfy((key, state) -> assertThat(key.name() + " " + state)
                .isEqualTo("k0127 applied"));
        assertThat(journal).anySatisfy((key, state) -> assertThat(key.name() + " " + state)
                .isEqualTo("k0128 intended"));

        Plan next = web.plan(desired, true);

        assertThat(next.track()).as("written and recorded in etcd; the driver's own inventory (not the journal"
                + " above) records them as applied").hasSize(128);
        assertThat(next.mutations()).hasSize(72).filteredOn(change -> change.action() == Action.UPDATE)
                .extracting(change -> change.key().name()).containsExactly("k0150");
        web.reconcile("rev1", desired, true);
        assertThat(ETCD.getPrefix(prefix + "app/")).hasSize(200).containsEntry(prefix + "app/k0150", "v1");
        assertThat(web.plan(desired, true).hasChanges()).isFalse();
    }

    @Test
    void aKeySetWithManyEntriesIsWrittenAcrossTransactionsAndChangedAndShrunkAcrossThemToo() {
        List<Resource> desired = List.of(keys(1, "v").get(0), keySet(0, 300, "v1"));

        web.reconcile("rev1", desired, true);

        assertThat(ETCD.getPrefix(prefix + "app/set/")).hasSize(300);
        assertThat(revisions(ETCD, "app/")).as("300 entries and one key, 64 a transaction").hasSize(5);
        assertThat(ETCD.modRevision(prefix + "app/set/e0000")).as("the KeySet fills the Key's transaction first")
                .isEqualTo(ETCD.modRevision(prefix + "app/k0000"));
        assertThat(web.plan(desired, true).hasChanges()).isFalse();

        List<Resource> changed = List.of(keys(1, "v").get(0), keySet(100, 250, "v2"));
        web.reconcile("rev2", changed, true);

        Map<String, String> entries = ETCD.getPrefix(prefix + "app/set/");
        assertThat(entries).hasSize(250).doesNotContainKey(prefix + "app/set/e0099")
                .containsEntry(prefix + "app/set/e0100", "v2").containsEntry(prefix + "app/set/e0349", "v2");
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/set/e0000")).as("removed entries' records go").isEmpty();
        assertThat(ETCD.getPrefix(prefix + ".plumbline/owners/web/app/set/")).hasSize(250);
        assertThat(web.plan(changed, true).hasChanges()).isFalse();
    }

    @Test
    void aResourceThatFitsInOneTransactionIsWrittenWholeInOne() {
        List<Resource> desired = new ArrayList<>(keys(60, "v"));
        desired.add(keySet(0, 10, "v"));

        web.reconcile("rev1", desired, true);

        assertThat(ETCD.getPrefix(prefix + "app/set/").keySet()).extracting(ETCD::modRevision)
                .as("not split over the 4 places left beside the 60 keys").containsOnly(
                        ETCD.modRevision(prefix + "app/set/e0000"))
                .doesNotContain(ETCD.modRevision(prefix + "app/k0059"));
    }

    @Test
    void pruningManyKeysRemovesThemAndTheirRecordsAcrossTransactions() {
        web.reconcile("rev1", keys(500, "v"), true);
        List<Resource> fewer = keys(100, "v");

        Plan plan = web.plan(fewer, true);
        web.reconcile("rev2", fewer, true);

        assertThat(plan.mutations()).hasSize(400).allMatch(change -> change.action() == Action.DELETE);
        assertThat(ETCD.getPrefix(prefix + "app/")).hasSize(100).containsKey(prefix + "app/k0099");
        assertThat(ETCD.getPrefix(prefix + ".plumbline/owners/web/")).hasSize(100);
        assertThat(web.inventory()).hasSize(100);
        assertThat(web.plan(fewer, true).hasChanges()).isFalse();
    }

    @Test
    void observeReadsRangesLargerThanGrpcsDefaultMessageAndLongerThanAPage() {
        String fourKib = "x".repeat(4096);
        List<Resource> desired = List.of(keySet(0, 1200, fourKib));

        web.reconcile("rev1", desired, true);

        assertThat(count("app/set/")).as("4.8 MB under one prefix, 1,200 keys").isEqualTo(1200);
        assertThat(web.plan(desired, true).hasChanges()).isFalse();
        assertThat(web.plan(List.of(keySet(0, 1200, "changed")), true).mutations()).singleElement()
                .extracting(Change::action).isEqualTo(Action.UPDATE);
    }

    @Test
    void readsOfManyKeysArePagedAndAllAtTheRevisionOfTheFirstAnswer() throws Exception {
        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            puts.add(ETCD.client().getKVClient().put(EtcdConnection.bytes(prefix + "many/k%04d".formatted(i)),
                    EtcdConnection.bytes("v")));
        }
        for (CompletableFuture<?> put : puts) {
            put.get(10, TimeUnit.SECONDS);
        }
        List<EtcdConnection.Read> reads = List.of(new EtcdConnection.Read(prefix + "many/", true),
                new EtcdConnection.Read(prefix + "many/k0001", false));
        try (EtcdConnection connection = new EtcdConnection(List.of(URI.create(ETCD.endpoint())),
                Duration.ofSeconds(10), RequestLimit.DEFAULT_OPS)) {
            EtcdConnection.Found before = connection.read(reads, "reading");
            ETCD.put(prefix + "many/k0001", "changed");
            ETCD.put(prefix + "many/k9999", "added");

            EtcdConnection.Found then = connection.read(reads, OptionalLong.of(before.revision()), "reading");
            EtcdConnection.Found now = connection.read(reads, "reading");

            assertThat(before.values().get(0)).as("three pages of 1,000 keys at most, in key order").hasSize(2500)
                    .extracting(kv -> EtcdConnection.text(kv.getKey())).isSorted().doesNotHaveDuplicates();
            assertThat(then.revision()).isEqualTo(before.revision());
            assertThat(then.values().get(0)).hasSize(2500);
            assertThat(EtcdConnection.text(then.values().get(1).get(0).getValue())).isEqualTo("v");
            assertThat(now.values().get(0)).hasSize(2501);
            assertThat(EtcdConnection.text(now.values().get(1).get(0).getValue())).isEqualTo("changed");
        }
    }

    @Test
    void theMembersMaxTxnOpsIsASettingAndTheProviderCutsTransactionsToIt() {
        try (EtcdProvider few = new EtcdProvider("kv", List.of(URI.create(FEW_OPS.endpoint())), prefix,
                Duration.ofSeconds(10), RequestLimit.DEFAULT, 8);
             EtcdProvider unaware = new EtcdProvider("kv", List.of(URI.create(FEW_OPS.endpoint())),
                     EtcdFixtures.freshPrefix(), Duration.ofSeconds(10))) {
            new StackDriver(few, "web").reconcile("rev1", keys(10, "v"), true);
            StackDriver unawareWeb = new StackDriver(unaware, "web");
            Plan plan = unawareWeb.plan(keys(5, "v"), true);

            StalledException refused = catchThrowableOfType(StalledException.class,
                    () -> unaware.applyAll(plan.mutations(), new ApplyContext("web", "rev1", NOW)));
            StalledException unread = catchThrowableOfType(StalledException.class,
                    () -> unawareWeb.plan(keys(10, "v"), true));

            assertThat(FEW_OPS.getPrefix(prefix + "app/")).hasSize(10);
            assertThat(revisions(FEW_OPS, "app/")).as("4 keys with their records a transaction").hasSize(3);
            assertThat(List.of(refused, unread)).allSatisfy(failure -> {
                assertThat(failure.reason()).isEqualTo("TransactionTooLarge");
                assertThat(failure.getMessage()).endsWith("it has more operations than the server's --max-txn-ops"
                        + " (128 unless set) allows; set the provider's maxTxnOps to the members' --max-txn-ops");
            });
            assertThat(refused.getMessage()).contains("while writing 10 keys for stack 'web'");
            assertThat(unread.getMessage()).contains("while reading the keys of stack 'web'");
        }
    }

    private Executor executor(Map<ResourceKey, String> journal) {
        return new Executor(Providers.of(List.of(provider))::get, new InventoryJournal() {
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
    }
}
