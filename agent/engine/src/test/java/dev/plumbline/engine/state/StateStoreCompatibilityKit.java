package dev.plumbline.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.plumbline.engine.apply.InventoryJournal;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StateStore} keeps, as tests: a store's test extends this class and opens a
 * store over a clean, empty database with the kit's clock ({@link #open}). Covered: the inventory journal
 * per stack, status, run history, leases (judged by the store's clock; tokens that grow, renewal, takeover
 * when expired or when the holder's process on this host is gone, breaking, writes fenced by a lease), stack
 * controls, the audit log, webhook deliveries, answers as snapshots, closing, and calls from many threads
 * at once. What only one
 * store has (files, pragmas, two processes on one file) stays in that store's own tests. Shipped in the
 * engine's test-jar, with {@link InMemoryStateStore}, which passes it too.
 */
public abstract class StateStoreCompatibilityKit {

    protected static final ResourceKey SITE = new ResourceKey("local", "files.plumbline.dev", "File", "", "site-conf");
    protected static final ResourceKey API = new ResourceKey("k8s", "apps", "Deployment", "web", "api");
    protected static final ResourceKey OTHER = new ResourceKey("local", "files.plumbline.dev", "File", "", "other");
    protected static final String SHA1 = "1111111111111111111111111111111111111111";
    protected static final String SHA2 = "2222222222222222222222222222222222222222";
    /** A time with milliseconds, as every time a store gives back has. */
    protected static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");
    protected static final Duration TTL = Duration.ofSeconds(30);
    /** Two holders of this process (alive, on this host), told apart by their instances. */
    protected static final LeaseHolder AGENT = LeaseHolder.thisProcess("agent");
    protected static final LeaseHolder CLI = LeaseHolder.thisProcess("cli");

    /** The store's clock, moved by hand; it starts at {@link #T0}. */
    protected final SettableClock clock = new SettableClock(T0);

    /** The store under test, opened fresh for each test by {@link #open}. */
    protected StateStore store;

    /**
     * A store over a clean, empty database whose leases (and any times it takes itself) follow {@code clock}.
     * Fields the subclass sets up (a {@code @TempDir}) are ready. The kit closes it after each test.
     */
    protected abstract StateStore open(Clock clock);

    @BeforeEach
    void openStore() {
        store = open(clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // the inventory journal

    @Test
    void intendMarksPendingAppliedClearsItForgetRemoves() {
        store.intend("web", SITE, "sha256:a", SHA1);
        assertThat(store.inventory("web")).containsExactlyEntriesOf(
                Map.of(SITE, new InventoryEntry(SITE, "sha256:a", SHA1, true)));

        store.applied("web", SITE, "sha256:a", SHA1);
        assertThat(store.inventory("web").get(SITE)).isEqualTo(new InventoryEntry(SITE, "sha256:a", SHA1, false));

        store.intend("web", SITE, "sha256:b", SHA2);
        assertThat(store.inventory("web").get(SITE)).isEqualTo(new InventoryEntry(SITE, "sha256:b", SHA2, true));

        store.forget("web", SITE);
        assertThat(store.inventory("web")).isEmpty();
        store.forget("web", SITE);
        assertThat(store.inventory("web")).as("forgetting twice does nothing").isEmpty();
    }

    @Test
    void manyKeysAreIntendedAndSettledInOneCall() {
        store.applied("web", API, "sha256:old", SHA1);
        store.intendAll("web", SHA2, List.of(InventoryJournal.Entry.written(SITE, "sha256:a", false),
                InventoryJournal.Entry.written(API, "sha256:b", true)));
        assertThat(store.inventory("web")).containsExactlyInAnyOrderEntriesOf(Map.of(
                SITE, new InventoryEntry(SITE, "sha256:a", SHA2, true),
                API, new InventoryEntry(API, "sha256:b", SHA2, true, true)));

        store.settleAll("web", SHA2, List.of(InventoryJournal.Entry.written(SITE, "sha256:a", false),
                InventoryJournal.Entry.forgotten(API), InventoryJournal.Entry.forgotten(OTHER)));
        assertThat(store.inventory("web")).as("written, forgotten, and a key never held forgotten quietly")
                .containsExactlyEntriesOf(Map.of(SITE, new InventoryEntry(SITE, "sha256:a", SHA2, false)));

        StateStore fenced = store.fenced(store.acquire("web", AGENT, TTL).orElseThrow());
        fenced.settleAll("web", SHA1, List.of(InventoryJournal.Entry.forgotten(API)));
        fenced.intendAll("web", SHA1, List.of());
        fenced.settleAll("web", SHA1, List.of(InventoryJournal.Entry.written(API, "sha256:c", false)));
        assertThat(store.inventory("web")).as("through a fenced view").containsOnlyKeys(SITE, API);
        assertThatThrownBy(() -> store.intendAll("web", SHA1, List.of(InventoryJournal.Entry.forgotten(SITE))))
                .as("an intent without a hash").isInstanceOf(IllegalArgumentException.class);
        assertThat(store.inventory("web").get(SITE)).isEqualTo(new InventoryEntry(SITE, "sha256:a", SHA2, false));
    }

    @Test
    void theInventoryRemembersAPruneDirectiveAndTheLatestWriteSetsIt() {
        store.intend("web", SITE, "sha256:a", SHA1, true);
        assertThat(store.inventory("web").get(SITE)).isEqualTo(new InventoryEntry(SITE, "sha256:a", SHA1, true, true));

        store.applied("web", SITE, "sha256:a", SHA1, true);
        assertThat(store.inventory("web").get(SITE)).isEqualTo(new InventoryEntry(SITE, "sha256:a", SHA1, false, true));

        store.applied("web", SITE, "sha256:a", SHA2, false);
        assertThat(store.inventory("web").get(SITE).pruneDisabled()).as("the directive was taken out").isFalse();

        StateStore fenced = store.fenced(store.acquire("web", AGENT, Duration.ofMinutes(1)).orElseThrow());
        fenced.applied("web", SITE, "sha256:a", SHA2, true);
        assertThat(store.inventory("web").get(SITE).pruneDisabled()).as("through a fenced view").isTrue();
    }

    @Test
    void inventoryIsPerStack() {
        store.applied("web", SITE, "sha256:a", SHA1);
        store.applied("web", API, "sha256:b", SHA1);
        store.applied("db", SITE, "sha256:c", SHA2);

        store.forget("db", SITE);

        assertThat(store.inventory("web")).containsOnlyKeys(API, SITE);
        assertThat(store.inventory("web").get(SITE).hash()).isEqualTo("sha256:a");
        assertThat(store.inventory("db")).isEmpty();
        assertThat(store.inventory("nothing")).isEmpty();
    }

    // status and history

    @Test
    void statusRoundTripsEveryFieldIncludingNulls() {
        StackStatus fresh = new StackStatus("web", SHA2, T0.plusSeconds(60), null, null, "Failed", "ApplyFailed",
                "File site-conf: permission denied.", 3, T0.plusSeconds(61));
        StackStatus later = new StackStatus("web", SHA2, T0.plusSeconds(120), SHA2, T0.plusSeconds(121), "Ready",
                "", "", 0, T0.plusSeconds(122), "Degraded", "Job migrate (stack.yaml:7:1): failed");

        assertThat(store.status("web")).isEmpty();
        store.saveStatus(fresh);
        assertThat(store.status("web")).contains(fresh);
        store.saveStatus(later);
        assertThat(store.status("web")).contains(later);
        assertThat(store.status("db")).isEmpty();
    }

    @Test
    void historyListsRunsNewestFirstUpToTheLimit() {
        long first = store.startRun(new RunStart("web", SHA1, "poll", "", T0));
        long other = store.startRun(new RunStart("db", SHA1, "poll", "", T0));
        long second = store.startRun(new RunStart("web", null, "webhook", "delivery-7", T0.plusSeconds(10)));
        long third = store.startRun(new RunStart("web", SHA2, "cli", "alice", T0.plusSeconds(20)));
        store.finishRun(first, new RunEnd(null, "applied", "", "", 2, 1, 0, 5, T0.plusMillis(1500)));
        store.finishRun(second, new RunEnd(SHA2, "failed", "ApplyFailed", "File site-conf: denied.", 0, 0, 0, 0,
                T0.plusSeconds(11)));

        List<RunRecord> history = store.history("web", 10);

        assertThat(history).extracting(RunRecord::id).containsExactly(third, second, first);
        assertThat(history.get(2)).as("a null end revision keeps the start's").isEqualTo(new RunRecord(first, "web",
                SHA1, "poll", "", T0, T0.plusMillis(1500), "applied", "", "", 2, 1, 0, 5));
        assertThat(history.get(2).duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(history.get(1)).isEqualTo(new RunRecord(second, "web", SHA2, "webhook", "delivery-7",
                T0.plusSeconds(10), T0.plusSeconds(11), "failed", "ApplyFailed", "File site-conf: denied.",
                0, 0, 0, 0));
        assertThat(history.get(0)).as("still going").isEqualTo(new RunRecord(third, "web", SHA2, "cli", "alice",
                T0.plusSeconds(20), null, null, null, null, 0, 0, 0, 0));
        assertThat(store.history("web", 2)).extracting(RunRecord::id).containsExactly(third, second);
        assertThat(store.history("db", 10)).extracting(RunRecord::id).containsExactly(other);
        assertThat(store.history("nothing", 10)).isEmpty();
        assertThatThrownBy(() -> store.finishRun(9999, new RunEnd(null, "applied", "", "", 0, 0, 0, 0, T0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timesAreKeptToTheMillisecond() {
        Instant fine = T0.plusNanos(456_789);
        store.saveStatus(new StackStatus("web", SHA1, fine, SHA1, fine, "Ready", "", "", 0, fine));
        long run = store.startRun(new RunStart("web", SHA1, "poll", "", fine));
        store.finishRun(run, new RunEnd(null, "applied", "", "", 0, 0, 0, 0, fine.plusSeconds(1)));
        store.audit().record(new AuditEntry(0, fine, "ops", "pause", "stack/web", 200, "paused"));
        store.deliveries().remember(new WebhookDelivery("infra", "d-1", fine, "github", null, null, "accepted"));

        assertThat(store.status("web")).contains(new StackStatus("web", SHA1, T0, SHA1, T0, "Ready", "", "", 0, T0));
        assertThat(store.history("web", 1)).extracting(RunRecord::startedAt, RunRecord::finishedAt)
                .containsExactly(tuple(T0, T0.plusSeconds(1)));
        assertThat(store.audit().recent(1)).extracting(AuditEntry::at).containsExactly(T0);
        assertThat(store.deliveries().recent("infra", 1)).extracting(WebhookDelivery::receivedAt).containsExactly(T0);
    }

    @Test
    void limitsArePositive() {
        assertThatThrownBy(() -> store.history("web", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.audit().recent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deliveries().recent("infra", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersAreUnmodifiableSnapshots() {
        store.applied("web", SITE, "sha256:a", SHA1);
        store.startRun(new RunStart("web", SHA1, "poll", "", T0));
        Map<ResourceKey, InventoryEntry> inventory = store.inventory("web");
        List<RunRecord> history = store.history("web", 10);

        store.applied("web", API, "sha256:b", SHA1);
        store.forget("web", SITE);
        store.startRun(new RunStart("web", SHA2, "poll", "", T0.plusSeconds(1)));

        assertThat(inventory).containsOnlyKeys(SITE);
        assertThat(history).hasSize(1);
        assertThatThrownBy(() -> inventory.remove(SITE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(history::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    // leases

    @Test
    void eachAcquisitionGetsAGreaterTokenThanTheStacksLeaseHadBefore() {
        Lease first = store.acquire("web", AGENT, TTL).orElseThrow();
        store.release(first);
        Lease second = store.acquire("web", CLI, TTL).orElseThrow();
        store.breakLease("web");
        Lease third = store.acquire("web", AGENT, TTL).orElseThrow();
        clock.advance(TTL);
        Lease fourth = store.acquire("web", CLI, TTL).orElseThrow();

        assertThat(List.of(first, second, third, fourth)).extracting(Lease::token).isSorted().doesNotHaveDuplicates();
        assertThat(first.token()).isPositive();
        assertThat(List.of(first, second, third, fourth)).extracting(Lease::stack, Lease::holder)
                .containsExactly(tuple("web", AGENT), tuple("web", CLI), tuple("web", AGENT), tuple("web", CLI));
        assertThat(store.acquire("db", AGENT, TTL)).as("another stack").isPresent();
    }

    @Test
    void anotherHolderIsRefusedWhileTheLeaseIsHeldAndSeesWhoHoldsIt() {
        Lease held = store.acquire("web", AGENT, TTL).orElseThrow();

        assertThat(store.acquire("web", CLI, TTL)).isEmpty();
        assertThat(store.acquire("web", AGENT, TTL)).as("a lease is one run's, not reentrant").isEmpty();
        clock.advance(TTL.minusMillis(1));
        assertThat(store.acquire("web", CLI, TTL)).isEmpty();

        assertThat(store.lease("web")).contains(new LeaseInfo("web", held.token(), AGENT, T0, T0.plus(TTL)));
        assertThat(store.lease("db")).isEmpty();
    }

    @Test
    void renewingKeepsTheLeaseAndItsToken() {
        Lease held = store.acquire("web", AGENT, TTL).orElseThrow();
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.renew(held, TTL)).isTrue();
        clock.advance(Duration.ofSeconds(10));

        assertThat(store.acquire("web", CLI, TTL)).as("renewed past the first expiry").isEmpty();
        assertThat(store.lease("web")).get().extracting(LeaseInfo::token, LeaseInfo::since, LeaseInfo::expiresAt)
                .containsExactly(held.token(), T0, T0.plus(TTL.minusSeconds(1)).plus(TTL));
        clock.advance(TTL);
        assertThat(store.renew(held, TTL)).as("expired, but no one took it").isTrue();
        assertThat(store.acquire("web", CLI, TTL)).isEmpty();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderCanNeitherRenewNorRelease() {
        Lease old = store.acquire("web", AGENT, TTL).orElseThrow();
        clock.advance(TTL);

        Lease taken = store.acquire("web", CLI, TTL).orElseThrow();

        assertThat(taken.token()).isGreaterThan(old.token());
        assertThat(store.renew(old, TTL)).isFalse();
        store.release(old);
        assertThat(store.lease("web")).get().extracting(LeaseInfo::holder).isEqualTo(CLI);
        assertThat(store.acquire("web", AGENT, TTL)).as("the old holder lost it").isEmpty();
    }

    @Test
    void aLostLeasesFencedWritesThrowAndChangeNothing() {
        Lease held = store.acquire("web", AGENT, TTL).orElseThrow();
        StateStore fenced = store.fenced(held);
        fenced.intend("web", SITE, "sha256:a", SHA1);
        fenced.applied("web", API, "sha256:b", SHA1);
        long run = fenced.startRun(new RunStart("web", SHA1, "poll", "", T0));
        StackStatus status = new StackStatus("web", SHA1, T0, null, null, "Waiting", "ApplyFailed", "", 0, T0);
        fenced.saveStatus(status);
        assertThat(fenced.inventory("web")).as("reads go through").containsOnlyKeys(SITE, API);

        assertThat(store.breakLease("web")).get().extracting(LeaseInfo::token).isEqualTo(held.token());

        StackStatus later = new StackStatus("web", SHA1, T0, SHA1, T0, "Ready", "", "", 0, T0.plusSeconds(1));
        List<Runnable> writes = List.of(
                () -> fenced.intend("web", SITE, "sha256:c", SHA2),
                () -> fenced.applied("web", SITE, "sha256:c", SHA2),
                () -> fenced.forget("web", API),
                () -> fenced.intendAll("web", SHA2, List.of(InventoryJournal.Entry.written(SITE, "sha256:c", false))),
                () -> fenced.settleAll("web", SHA2, List.of(InventoryJournal.Entry.written(SITE, "sha256:c", false),
                        InventoryJournal.Entry.forgotten(API))),
                () -> fenced.settleAll("web", SHA2, List.of(InventoryJournal.Entry.forgotten(OTHER))),
                () -> fenced.saveStatus(later),
                () -> fenced.startRun(new RunStart("web", SHA2, "poll", "", T0)),
                () -> fenced.finishRun(run, new RunEnd(null, "applied", "", "", 1, 0, 0, 0, T0.plusSeconds(1))));
        for (Runnable write : writes) {
            assertThatThrownBy(write::run).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("stack 'web'")
                    .satisfies(e -> assertThat(((LeaseLostException) e).reason()).isEqualTo(LeaseLostException.REASON));
        }
        store.acquire("web", CLI, TTL).orElseThrow();
        assertThatThrownBy(() -> fenced.saveStatus(later)).as("nor once another holds it")
                .isInstanceOf(LeaseLostException.class).hasMessageContaining(CLI.describe());

        assertThat(store.inventory("web")).containsExactlyInAnyOrderEntriesOf(Map.of(
                SITE, new InventoryEntry(SITE, "sha256:a", SHA1, true),
                API, new InventoryEntry(API, "sha256:b", SHA1, false)));
        assertThat(store.status("web")).contains(status);
        assertThat(store.history("web", 10)).singleElement()
                .satisfies(record -> assertThat(record.result()).as("still going").isNull());
        assertThat(store.renew(held, TTL)).isFalse();
    }

    @Test
    void aFencedViewWritesItsOwnStackOnly() {
        StateStore fenced = store.fenced(store.acquire("web", AGENT, TTL).orElseThrow());
        store.acquire("db", AGENT, TTL).orElseThrow();

        assertThatThrownBy(() -> fenced.applied("db", SITE, "sha256:a", SHA1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.inventory("db")).isEmpty();
    }

    @Test
    void aHolderOnThisHostWhoseProcessIsGoneIsTakenOverAtOnce() throws Exception {
        long gone = pidOfAFinishedProcess();
        LeaseHolder dead = new LeaseHolder("agent", LeaseHolder.thisHost(), gone, Optional.of(T0), "0000dead");
        Lease deadLease = store.acquire("web", dead, TTL).orElseThrow();

        Lease taken = store.acquire("web", CLI, TTL).orElseThrow();

        assertThat(taken.token()).isGreaterThan(deadLease.token());
        assertThat(store.lease("web")).get().extracting(LeaseInfo::holder).isEqualTo(CLI);
    }

    @Test
    void aPidUsedAgainByAnotherProcessDoesNotKeepTheLease() {
        ProcessHandle self = ProcessHandle.current();
        Instant myStart = self.info().startInstant().orElseThrow();
        LeaseHolder reused = new LeaseHolder("agent", LeaseHolder.thisHost(), self.pid(),
                Optional.of(myStart.minus(Duration.ofHours(1))), "0000beef");
        LeaseHolder me = new LeaseHolder("agent", LeaseHolder.thisHost(), self.pid(), Optional.of(myStart),
                "0000cafe");

        store.acquire("web", reused, TTL).orElseThrow();
        assertThat(store.acquire("web", me, TTL)).as("the pid runs another process now").isPresent();
        assertThat(store.acquire("web", CLI, TTL)).as("this process lives").isEmpty();
    }

    @Test
    void aHolderOnAnotherHostIsNotJudgedByItsPid() throws Exception {
        LeaseHolder elsewhere = new LeaseHolder("agent", "another-host.invalid", pidOfAFinishedProcess(),
                Optional.of(T0), "00000abc");
        store.acquire("web", elsewhere, TTL).orElseThrow();

        assertThat(store.acquire("web", CLI, TTL)).isEmpty();
        clock.advance(TTL);
        assertThat(store.acquire("web", CLI, TTL)).as("only its expiry frees it").isPresent();
    }

    @Test
    void releaseLetsGoOfTheCallersOwnLeaseOnly() {
        Lease held = store.acquire("web", AGENT, TTL).orElseThrow();

        store.release(new Lease("web", held.token() + 1, CLI));
        assertThat(store.acquire("web", CLI, TTL)).isEmpty();

        store.release(held);
        assertThat(store.lease("web")).isEmpty();
        assertThat(store.acquire("web", CLI, TTL)).isPresent();
        store.release(held);
        assertThat(store.lease("web")).as("releasing a lost lease does nothing").isPresent();
    }

    @Test
    void breakingALeaseSaysWhatItBroke() {
        assertThat(store.breakLease("web")).isEmpty();
        Lease held = store.acquire("web", AGENT, TTL).orElseThrow();

        assertThat(store.breakLease("web")).contains(new LeaseInfo("web", held.token(), AGENT, T0, T0.plus(TTL)));

        assertThat(store.lease("web")).isEmpty();
        assertThat(store.breakLease("web")).isEmpty();
        assertThat(store.acquire("web", CLI, TTL)).isPresent();
    }

    @Test
    void aLeaseLastsAPositiveTime() {
        assertThatThrownBy(() -> store.acquire("web", AGENT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.acquire("web", AGENT, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        Lease held = store.acquire("web", CLI, TTL).orElseThrow();
        assertThat(held).as("a refused call takes nothing").isNotNull();
        assertThatThrownBy(() -> store.renew(held, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The id of a process that ran and ended (and was waited for), so that no process has it now. */
    protected static long pidOfAFinishedProcess() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    // operator records

    @Test
    void controlsChangeOneFieldAtATimeAndHandledRequestsOnlyMoveForward() {
        StackControls controls = store.controls();
        assertThat(controls.get("web")).isEqualTo(StackControl.none("web"));

        controls.setPaused("web", true);
        controls.setPinned("web", "a".repeat(40));
        controls.requested("web", "0002-b");
        controls.handled("web", "0002-b");
        controls.handled("web", "0001-a");

        assertThat(controls.get("web")).isEqualTo(new StackControl("web", true, Optional.of("a".repeat(40)),
                Optional.of("0002-b"), Optional.of("0002-b")));
        controls.setPaused("web", false);
        controls.setPinned("web", null);
        assertThat(controls.get("web")).isEqualTo(new StackControl("web", false, Optional.empty(),
                Optional.of("0002-b"), Optional.of("0002-b")));
        controls.handled("web", "0003-c");
        assertThat(controls.get("web").lastHandledRequest()).contains("0003-c");
        assertThat(controls.get("api")).isEqualTo(StackControl.none("api"));
    }

    @Test
    void theAuditLogKeepsEveryEntryNewestFirst() {
        store.audit().record(new AuditEntry(0, Instant.ofEpochSecond(10), "ops", "pause", "stack/web", 200,
                "paused"));
        store.audit().record(new AuditEntry(0, Instant.ofEpochSecond(20), "dash", "sync", "stack/web", 403,
                "forbidden"));

        List<AuditEntry> recent = store.audit().recent(10);
        assertThat(recent).extracting(AuditEntry::actor, AuditEntry::status)
                .containsExactly(tuple("dash", 403), tuple("ops", 200));
        assertThat(recent).allSatisfy(e -> assertThat(e.id()).isPositive());
        assertThat(recent.get(0).id()).isGreaterThan(recent.get(1).id());
        assertThat(recent.get(1)).isEqualTo(new AuditEntry(recent.get(1).id(), Instant.ofEpochSecond(10), "ops",
                "pause", "stack/web", 200, "paused"));
        assertThat(store.audit().recent(1)).hasSize(1).allSatisfy(e -> assertThat(e.id()).isPositive());
    }

    @Test
    void aDeliverySeenBeforeIsAReplayPerSource() {
        WebhookDeliveries deliveries = store.deliveries();
        WebhookDelivery first = new WebhookDelivery("infra", "d-1", T0, "github", "refs/heads/main", SHA2,
                "accepted");

        assertThat(deliveries.remember(first)).isTrue();
        assertThat(deliveries.remember(first)).isFalse();
        assertThat(deliveries.remember(new WebhookDelivery("other", "d-1", T0, "github", null, null, "accepted")))
                .isTrue();
        assertThat(deliveries.recent("infra", 5)).containsExactly(first);
        assertThat(deliveries.recent("nothing", 5)).isEmpty();
    }

    @Test
    void recentDeliveriesComeNewestFirstUpToTheLimit() {
        WebhookDeliveries deliveries = store.deliveries();
        for (int i = 1; i <= 3; i++) {
            deliveries.remember(new WebhookDelivery("infra", "d-" + i, T0.plusSeconds(i), "gitlab", null, null,
                    "ignored"));
        }

        assertThat(deliveries.recent("infra", 2)).extracting(WebhookDelivery::deliveryId).containsExactly("d-3", "d-2");
    }

    // closing

    @Test
    void aClosedStoreRefusesCalls() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.inventory("web")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.applied("web", SITE, "sha256:a", SHA1))
                .isInstanceOf(IllegalStateException.class);
    }

    // many threads at once

    @Test
    void callsFromManyThreadsAtOnceAllLand() throws Exception {
        int threads = 8;
        int rounds = 30;
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(() -> {
                String stack = "stack-" + thread;
                for (int i = 0; i < rounds; i++) {
                    ResourceKey key = key(thread, i);
                    store.intend("web", key, "sha256:" + i, SHA1);
                    store.applied("web", key, "sha256:" + i, SHA2);
                    long run = store.startRun(new RunStart(stack, SHA1, "poll", "", T0.plusSeconds(i)));
                    store.saveStatus(new StackStatus(stack, SHA1, T0, SHA1, T0, "Ready", "", "", i, T0));
                    store.finishRun(run, new RunEnd(SHA2, "applied", "", "", 1, 0, 0, 0, T0.plusSeconds(i + 1)));
                    store.controls().handled(stack, String.format("%04d", i));
                    store.audit().record(new AuditEntry(0, T0, stack, "sync", "stack/" + stack, 202, "accepted"));
                    store.deliveries().remember(new WebhookDelivery(stack, "d-" + i, T0, "github", null, null, "ok"));
                    assertThat(store.inventory("web").get(key)).as("its own write, read back")
                            .isEqualTo(new InventoryEntry(key, "sha256:" + i, SHA2, false));
                    assertThat(store.history(stack, 1)).extracting(RunRecord::id, RunRecord::result)
                            .containsExactly(tuple(run, "applied"));
                }
                return null;
            });
        }

        runAtOnce(work);

        assertThat(store.inventory("web")).hasSize(threads * rounds)
                .allSatisfy((key, entry) -> assertThat(entry).extracting(InventoryEntry::pending, InventoryEntry::revision)
                        .containsExactly(false, SHA2));
        assertThat(store.audit().recent(10_000)).hasSize(threads * rounds);
        for (int t = 0; t < threads; t++) {
            String stack = "stack-" + t;
            assertThat(store.history(stack, 10_000)).hasSize(rounds)
                    .allSatisfy(run -> assertThat(run.result()).isEqualTo("applied"));
            assertThat(store.status(stack)).get().extracting(StackStatus::drifted).isEqualTo(rounds - 1);
            assertThat(store.controls().get(stack).lastHandledRequest()).contains(String.format("%04d", rounds - 1));
            assertThat(store.deliveries().recent(stack, 10_000)).hasSize(rounds);
        }
    }

    @Test
    void theLeaseKeepsConcurrentWorkersApart() throws Exception {
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        List<Callable<Void>> work = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            LeaseHolder holder = LeaseHolder.thisProcess("worker-" + t);
            work.add(() -> {
                int mine = 0;
                while (mine < 5) {
                    Optional<Lease> lease = store.acquire("web", holder, TTL);
                    if (lease.isPresent()) {
                        if (holders.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        store.fenced(lease.get()).applied("web", SITE, "sha256:" + holder.instance(), SHA1);
                        holders.decrementAndGet();
                        store.release(lease.get());
                        mine++;
                        taken.incrementAndGet();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                return null;
            });
        }

        runAtOnce(work);

        assertThat(taken).hasValue(30);
        assertThat(overlaps).hasValue(0);
        assertThat(store.acquire("web", AGENT, TTL)).as("every worker released it").isPresent();
    }

    /** Starts every task at the same moment, each on its own thread; fails with the first task that fails. */
    private static void runAtOnce(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                done.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static ResourceKey key(int thread, int index) {
        return new ResourceKey("local", "files.plumbline.dev", "File", "", "file-" + thread + "-" + index);
    }
}
