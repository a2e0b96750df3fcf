package dev.plumbline.agent.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.agent.rebuild.OwnershipFindings.StackFindings;
import dev.plumbline.engine.memory.MemoryProvider;
import dev.plumbline.engine.state.ForwardingStateStore;
import dev.plumbline.engine.state.InMemoryStateStore;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rebuilding the inventory from ownership records: what the scan finds per stack and provider, what it skips,
 * and how the entries are written (as applied, with the record's revision and a hash no content hash equals,
 * under the stack's lease, leaving keys the inventory holds already as they are).
 */
class InventoryRebuildTest {

    private static final Set<String> CONFIG = Set.of("web", "api");

    private final RecordedTarget files = new RecordedTarget("local")
            .owns("web", "a", "r1", true)
            .owns("web", "b", "r1", false)
            .owns("old", "x", "r0", true);
    private final RecordedTarget db = new RecordedTarget("db").owns("web", "c", "r2", true);
    private final List<Provider> providers = List.of(files, db, new MemoryProvider("mem"));
    private final InMemoryStateStore store = new InMemoryStateStore();

    private OwnershipFindings scanAll() {
        return InventoryRebuild.scan(List.of("api", "web"), CONFIG, true, providers);
    }

    @Test
    void theScanFindsEachStacksObjectsPerProviderAndSkipsStacksTheConfigDoesNotName() {
        OwnershipFindings findings = scanAll();

        assertThat(findings.stacks()).extracting(StackFindings::stack).containsExactly("api", "web");
        assertThat(findings.stacks().get(0).byProvider()).isEmpty();
        StackFindings web = findings.stacks().get(1);
        assertThat(web.byProvider()).containsOnlyKeys("local", "db");
        assertThat(web.owned()).extracting(Owned::key)
                .containsExactly(files.key("a"), files.key("b"), db.key("c"));
        assertThat(findings.count()).isEqualTo(3);
        assertThat(findings.skipped()).isEqualTo(Map.of("old", Map.of("local", 1)));
        assertThat(findings.unscannable()).containsExactly("mem");
    }

    @Test
    void withOneStackAskedForOtherStacksAreNotListed() {
        OwnershipFindings findings = InventoryRebuild.scan(List.of("web"), CONFIG, false, providers);

        assertThat(findings.stacks()).extracting(StackFindings::stack).containsExactly("web");
        assertThat(findings.skipped()).isEmpty();
    }

    @Test
    void everyObjectIsRecordedAsAppliedFromItsRevisionWithAHashNoContentHashEquals() {
        List<InventoryRebuild.Recorded> recorded = InventoryRebuild.record(store, scanAll(),
                LeaseHolder.thisProcess("cli"));

        assertThat(recorded).containsExactly(new InventoryRebuild.Recorded("api", 0, 0),
                new InventoryRebuild.Recorded("web", 3, 0));
        assertThat(store.inventory("web")).containsOnly(
                Map.entry(files.key("a"), new InventoryEntry(files.key("a"), "rebuilt", "r1", false)),
                Map.entry(files.key("b"), new InventoryEntry(files.key("b"), "rebuilt", "r1", false)),
                Map.entry(db.key("c"), new InventoryEntry(db.key("c"), "rebuilt", "r2", false)));
        assertThat(InventoryRebuild.HASH).doesNotStartWith("sha256:");
        assertThat(store.inventory("api")).isEmpty();
        assertThat(store.inventory("old")).as("a stack the config does not name").isEmpty();
        assertThat(store.lease("web")).as("released").isEmpty();
    }

    @Test
    void keysTheInventoryHoldsAlreadyStayAsTheyWere() {
        store.applied("web", files.key("a"), "sha256:abc", "r5");

        List<InventoryRebuild.Recorded> recorded = InventoryRebuild.record(store, scanAll(),
                LeaseHolder.thisProcess("cli"));

        assertThat(recorded).contains(new InventoryRebuild.Recorded("web", 2, 1));
        assertThat(store.inventory("web").get(files.key("a")))
                .isEqualTo(new InventoryEntry(files.key("a"), "sha256:abc", "r5", false));
        assertThat(store.inventory("web")).hasSize(3);
    }

    @Test
    void aStackWhoseLeaseAnotherRunHoldsIsRefusedAndNothingOfItIsWritten() {
        LeaseHolder agent = LeaseHolder.thisProcess("agent");
        store.acquire("web", agent, Duration.ofMinutes(5)).orElseThrow();

        TransientException refused = catchThrowableOfType(TransientException.class,
                () -> InventoryRebuild.record(store, scanAll(), LeaseHolder.thisProcess("cli")));

        assertThat(refused.reason()).isEqualTo(Reasons.LOCKED);
        assertThat(refused).hasMessageStartingWith("stack 'web' is being reconciled by " + agent.describe())
                .hasMessageEndingWith("nothing of it was recorded: stop that process, then run plumbline state"
                        + " rebuild-inventory again");
        assertThat(store.inventory("web")).isEmpty();
        assertThat(store.lease("web")).hasValueSatisfying(info -> assertThat(info.holder()).isEqualTo(agent));
    }

    @Test
    void theEntriesAreWrittenUnderTheStacksLeaseSoABrokenLeaseStopsThem() {
        StateStore breaking = new ForwardingStateStore(store) {
            @Override
            public StateStore fenced(Lease lease) {
                StateStore view = store().fenced(lease);
                return new ForwardingStateStore(view) {
                    @Override
                    public void applied(String stack, ResourceKey key, String hash, String revision) {
                        super.applied(stack, key, hash, revision);
                        store().breakLease(stack); // plumbline unlock, right after the first write
                    }
                };
            }
        };

        catchThrowableOfType(LeaseLostException.class,
                () -> InventoryRebuild.record(breaking, scanAll(), LeaseHolder.thisProcess("cli")));

        assertThat(store.inventory("web")).containsOnlyKeys(files.key("a"));
    }
}
