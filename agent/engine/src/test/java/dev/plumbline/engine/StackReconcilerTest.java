package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.engine.ReconcileOutcome.Result;
import dev.plumbline.engine.port.ReconcileListener.RunScope;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Reasons;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.Provider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile loop with in-memory ports: apply, no-op, drift with and without selfHeal, prune, a failure
 * mid-plan, a stalled render, pause and pin, and the one end every run reaches (status, history, report).
 */
class StackReconcilerTest {

    @TempDir
    Path dir;

    private EngineFixture fixture(String sync) {
        return new EngineFixture(dir, sync);
    }

    private static Map<String, Integer> things(Object... namesAndSizes) {
        Map<String, Integer> things = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSizes.length; i += 2) {
            things.put((String) namesAndSizes[i], (Integer) namesAndSizes[i + 1]);
        }
        return things;
    }

    private Path newDirectory(String name) {
        try {
            return java.nio.file.Files.createDirectories(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static StackStatus status(EngineFixture f) {
        return f.store.status("web").orElseThrow();
    }

    @Test
    void aNewRevisionIsAppliedStampedRecordedAndReported() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1, "b", 2));

        ReconcileOutcome outcome = f.run(Trigger.POLL, sha);

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(outcome.reason()).isEqualTo(Reasons.RECONCILIATION_SUCCEEDED);
        assertThat(f.provider.live()).containsOnlyKeys("a", "b");
        assertThat(f.provider.live().get("a").provenance().orElseThrow().revision()).isEqualTo(sha);
        assertThat(f.store.inventory("web")).hasSize(2)
                .allSatisfy((key, entry) -> assertThat(entry.pending()).isFalse());
        assertThat(status(f).condition()).isEqualTo("Ready");
        assertThat(status(f).lastAppliedRevision()).isEqualTo(sha);
        List<RunRecord> history = f.store.history("web", 10);
        assertThat(history).singleElement().satisfies(run -> {
            assertThat(run.result()).isEqualTo("applied");
            assertThat(run.created()).isEqualTo(2);
            assertThat(run.trigger()).isEqualTo("poll");
        });
        assertThat(f.reports).singleElement().satisfies(report -> assertThat(report.outcome()).isEqualTo(outcome));
    }

    @Test
    void aSecondRunOnTheSameRevisionWritesNothing() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1));
        f.run(Trigger.POLL, sha);

        ReconcileOutcome again = f.run(Trigger.DRIFT, sha);

        assertThat(again.result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.provider.writes()).containsExactly("create a");
        assertThat(f.store.history("web", 10)).hasSize(1); // a drift check that found nothing is not history
        assertThat(f.reports).hasSize(2);
    }

    @Test
    void anInventoryEntryWithAHashThatIsNoContentHashIsRecordedAgainWithoutWritingAnything() {
        EngineFixture f = fixture("{ auto: true, prune: true }");
        String sha = f.commit(things("a", 1, "b", 2));
        f.run(Trigger.POLL, sha);
        Map<ResourceKey, InventoryEntry> applied = f.store.inventory("web");
        applied.keySet().forEach(key -> f.store.applied("web", key, "rebuilt", "older"));
        assertThat(f.store.inventory("web").values()).extracting(InventoryEntry::hash).containsOnly("rebuilt");

        ReconcileOutcome again = f.run(Trigger.DRIFT, sha);

        assertThat(again.result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.provider.writes()).containsExactly("create a", "create b");
        assertThat(f.store.inventory("web")).isEqualTo(applied);
    }

    @Test
    void driftWithoutSelfHealIsReportedAndLeftAlone() {
        EngineFixture f = fixture("{ auto: true, selfHeal: false }");
        String sha = f.commit(things("a", 1));
        f.run(Trigger.POLL, sha);
        f.provider.tamper("a", Map.of("spec", Map.of("size", 99L)));

        ReconcileOutcome outcome = f.run(Trigger.DRIFT, sha);

        assertThat(outcome.result()).isEqualTo(Result.DRIFTED);
        assertThat(outcome.reason()).isEqualTo(Reasons.DRIFT_DETECTED);
        assertThat(outcome.message()).contains("Thing a (update at spec.size)");
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 99L)));
        assertThat(status(f).condition()).isEqualTo("Drifted");
        assertThat(status(f).drifted()).isEqualTo(1);
        assertThat(f.store.history("web", 1)).singleElement()
                .satisfies(run -> assertThat(run.result()).isEqualTo("drifted"));
        assertThat(f.reports.get(1).drifted()).isEqualTo(1);
    }

    @Test
    void driftWithSelfHealIsCorrected() {
        EngineFixture f = fixture("{ auto: true, selfHeal: true }");
        String sha = f.commit(things("a", 1));
        f.run(Trigger.POLL, sha);
        f.provider.tamper("a", Map.of("spec", Map.of("size", 99L)));

        ReconcileOutcome outcome = f.run(Trigger.DRIFT, sha);

        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 1L)));
        assertThat(f.provider.writes()).containsExactly("create a", "update a");
        assertThat(status(f).condition()).isEqualTo("Ready");
    }

    @Test
    void aManualStackOnlyReportsUntilAPersonSyncs() {
        EngineFixture f = fixture("{ auto: false }");
        String sha = f.commit(things("a", 1));

        ReconcileOutcome outcome = f.run(Trigger.POLL, sha);

        assertThat(outcome.result()).isEqualTo(Result.OUT_OF_SYNC);
        assertThat(outcome.reason()).isEqualTo(Reasons.MANUAL_SYNC);
        assertThat(f.provider.live()).isEmpty();
        assertThat(status(f).condition()).isEqualTo("OutOfSync");
        assertThat(f.store.history("web", 1).get(0).result()).isEqualTo("outofsync");

        assertThat(f.run(Trigger.MANUAL, sha).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live()).containsOnlyKeys("a");
    }

    @Test
    void whatLeftGitIsPrunedWithPruneOnAndOrphanedWithPruneOff() {
        EngineFixture pruning = fixture("{ auto: true, prune: true }");
        pruning.run(Trigger.POLL, pruning.commit(things("a", 1, "b", 1)));
        ReconcileOutcome pruned = pruning.run(Trigger.POLL, pruning.commit(things("a", 1)));

        assertThat(pruned.result()).isEqualTo(Result.APPLIED);
        assertThat(pruning.provider.live()).containsOnlyKeys("a");
        assertThat(pruning.store.inventory("web").keySet()).extracting(key -> key.name()).containsExactly("a");
        assertThat(pruning.store.history("web", 1).get(0).deleted()).isEqualTo(1);

        EngineFixture keeping = new EngineFixture(newDirectory("keep"), "{ auto: true, prune: false }");
        keeping.run(Trigger.POLL, keeping.commit(things("a", 1, "b", 1)));
        ReconcileOutcome kept = keeping.run(Trigger.POLL, keeping.commit(things("a", 1)));

        assertThat(kept.converged()).isTrue();
        assertThat(keeping.provider.live()).containsOnlyKeys("a", "b");
        assertThat(keeping.provider.writes()).doesNotContain("delete b");
    }

    @Test
    void anObjectAppliedWithPruneDisabledIsKeptAndReportedOrphanedWhenItsManifestGoes() {
        EngineFixture f = fixture("{ auto: true, prune: true }");
        String kept = EngineFixture.thing("b", 1).replace("  name: b\n",
                "  name: b\n  annotations:\n    plumbline.dev/prune: disabled\n");
        f.run(Trigger.POLL, f.commitFiles(Map.of("stacks/web/a.yaml", EngineFixture.thing("a", 1),
                "stacks/web/b.yaml", kept, "stacks/web/c.yaml", EngineFixture.thing("c", 1))));
        assertThat(f.provider.live().get("b").state()).as("the directive is not written")
                .isEqualTo(Map.of("spec", Map.of("size", 1L)));

        ReconcileOutcome outcome = f.run(Trigger.POLL, f.commit(things("a", 1)));

        assertThat(outcome.converged()).isTrue();
        assertThat(f.provider.live()).containsOnlyKeys("a", "b");
        assertThat(f.provider.writes()).contains("delete c").doesNotContain("delete b");
        assertThat(f.store.inventory("web").keySet()).extracting(key -> key.name())
                .as("still the stack's, so it is reported and a later manifest takes it back")
                .containsExactlyInAnyOrder("a", "b");
        assertThat(f.store.history("web", 1).get(0).deleted()).isEqualTo(1);
    }

    @Test
    void aFailureMidPlanStopsTheRunKeepsWhatWasWrittenAndRetriesWithBackoff() {
        EngineFixture f = fixture("{ auto: true }");
        f.provider.failOn("b");
        String sha = f.commit(things("a", 1, "b", 1, "c", 1));

        ReconcileOutcome first = f.run(Trigger.POLL, sha);

        assertThat(first.result()).isEqualTo(Result.WAITING);
        assertThat(first.reason()).isEqualTo(Reasons.APPLY_FAILED);
        assertThat(first.message()).contains("stacks/web/b.yaml:1:1").contains("create Thing b failed");
        assertThat(first.requeueAfter()).isPresent();
        assertThat(f.provider.live()).containsOnlyKeys("a");
        // b was meant (intent recorded, so a crash leaves nothing unowned), c was never tried
        assertThat(f.store.inventory("web").keySet()).extracting(key -> key.name()).containsExactlyInAnyOrder("a", "b");
        assertThat(status(f).condition()).isEqualTo("Waiting");
        assertThat(status(f).lastAppliedRevision()).isNull();
        assertThat(f.store.history("web", 1).get(0).result()).isEqualTo("failed");

        ReconcileOutcome second = f.run(Trigger.RETRY, sha);
        assertThat(second.requeueAfter().orElseThrow()).isGreaterThan(first.requeueAfter().orElseThrow());

        f.provider.heal("b");
        assertThat(f.run(Trigger.RETRY, sha).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live()).containsOnlyKeys("a", "b", "c");
        assertThat(status(f).condition()).isEqualTo("Ready");
    }

    @Test
    void aBrokenManifestStallsTheStackWithEveryProblemLocatedAndWritesNothing() {
        EngineFixture f = fixture("{ auto: true, prune: true }");
        String good = f.commit(things("a", 1));
        f.run(Trigger.POLL, good);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("stacks/web/a.yaml", EngineFixture.thing("a", 2));
        files.put("stacks/web/bad.yaml", "apiVersion: mem.plumbline.dev/v1\nkind: Thing\nmetadata: [oops\n");
        files.put("stacks/web/odd.yaml", EngineFixture.thing("odd", 1).replace("kind: Thing", "kind: Gadget"));
        String bad = f.commitFiles(files);

        ReconcileOutcome outcome = f.run(Trigger.POLL, bad);

        assertThat(outcome.result()).isEqualTo(Result.STALLED);
        assertThat(outcome.reason()).isEqualTo(Reasons.RENDER_FAILED);
        assertThat(outcome.message()).contains("stacks/web/bad.yaml:").contains("stacks/web/odd.yaml:1:1: unknown kind Gadget");
        assertThat(outcome.requeueAfter()).isEmpty();
        assertThat(f.provider.writes()).containsExactly("create a");
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 1L)));
        assertThat(status(f).condition()).isEqualTo("Stalled");
        assertThat(status(f).lastAppliedRevision()).isEqualTo(good);
        assertThat(status(f).lastAttemptedRevision()).isEqualTo(bad);
    }

    @Test
    void aPausedStackAppliesNothingButStillReportsDriftAndTheNewestRevisionWaiting() {
        EngineFixture f = fixture("{ auto: true, selfHeal: true }");
        String first = f.commit(things("a", 1));
        f.run(Trigger.POLL, first);
        f.store.controls().setPaused("web", true);
        f.provider.tamper("a", Map.of("spec", Map.of("size", 99L)));
        String second = f.commit(things("a", 5, "b", 1));

        ReconcileOutcome outcome = f.run(Trigger.POLL, second);

        assertThat(outcome.result()).isEqualTo(Result.PAUSED);
        assertThat(outcome.reason()).isEqualTo(Reasons.PAUSED);
        assertThat(outcome.message()).contains("paused").contains("2 change(s) wait")
                .contains("Thing a (update at spec.size)").contains("Thing b (create)");
        assertThat(f.provider.writes()).containsExactly("create a");
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 99L)));
        StackStatus paused = status(f);
        assertThat(paused.condition()).isEqualTo("Paused");
        assertThat(paused.drifted()).isEqualTo(2);
        assertThat(paused.lastAttemptedRevision()).as("the newest revision, waiting").isEqualTo(second);
        assertThat(paused.lastAppliedRevision()).isEqualTo(first);
        assertThat(f.store.history("web", 10)).as("looking is not history").hasSize(1);
        assertThat(f.reports).last().satisfies(report -> {
            assertThat(report.skipped()).isFalse();
            assertThat(report.drifted()).isEqualTo(2);
        });

        f.store.controls().setPaused("web", false);
        assertThat(f.run(Trigger.RESUME).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 5L)));
        assertThat(status(f).condition()).isEqualTo("Ready");
    }

    @Test
    void aPinnedStackStaysAtItsPinWhateverRevisionIsAskedFor() {
        EngineFixture f = fixture("{ auto: true }");
        String old = f.commit(things("a", 1));
        f.run(Trigger.POLL, old);
        String newer = f.commit(things("a", 2));
        f.run(Trigger.POLL, newer);
        f.store.controls().setPinned("web", old);

        ReconcileOutcome rolledBack = f.run(Trigger.ROLLBACK, old);
        ReconcileOutcome polled = f.run(Trigger.POLL, newer);

        assertThat(rolledBack.result()).isEqualTo(Result.APPLIED);
        assertThat(rolledBack.revision()).contains(old);
        assertThat(polled.result()).isEqualTo(Result.UNCHANGED);
        assertThat(polled.revision()).contains(old);
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 1L)));
        assertThat(f.provider.live().get("a").provenance().orElseThrow().revision()).isEqualTo(old);
        // converging on a pinned revision is not time-to-live of a new commit
        assertThat(f.reports.get(2).movedToCommitAt()).isEmpty();
        assertThat(f.reports.get(1).movedToCommitAt()).isPresent();
    }

    @Test
    void anotherHolderOfTheLeaseMakesTheRunWaitWithoutTouchingAnything() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1));
        assertThat(f.store.acquire("web", dev.plumbline.engine.state.LeaseHolder.thisProcess("someone-else"),
                java.time.Duration.ofMinutes(5))).isPresent();

        ReconcileOutcome outcome = f.run(Trigger.POLL, sha);

        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.reason()).isEqualTo(Reasons.LOCKED);
        assertThat(f.provider.writes()).isEmpty();
        assertThat(f.store.status("web")).isEmpty();
        assertThat(f.store.history("web", 10)).isEmpty();
        assertThat(f.reports).singleElement().satisfies(report -> assertThat(report.skipped()).isTrue());
    }

    @Test
    void theRevisionComesFromTheSourceWhenTheRequestNamesNone() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1));

        ReconcileOutcome outcome = f.run(Trigger.STARTUP);

        assertThat(outcome.revision()).contains(sha);
        assertThat(f.provider.live()).containsOnlyKeys("a");
    }

    // leases

    /**
     * An engine over the fixture's ports whose provider, once it wrote {@code name}, sees the stack's lease
     * broken and taken by {@code thief}, as an operator's 'plumbline unlock' and another process would.
     */
    private static Engine engineLosingTheLeaseAfterWriting(EngineFixture f, String name, LeaseHolder thief) {
        Provider provider = (Provider) Proxy.newProxyInstance(Provider.class.getClassLoader(),
                new Class<?>[] {Provider.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(f.provider, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("apply") && ((Change) args[0]).key().name().equals(name)) {
                        assertThat(f.store.breakLease("web")).isPresent();
                        f.store.acquire("web", thief, Duration.ofMinutes(1)).orElseThrow();
                    }
                    return result;
                });
        EnginePorts ports = new EnginePorts(f.config, f.store, n -> Optional.of(provider).filter(p -> p.name()
                .equals(n)), f.snapshots, null, f.clock, null);
        return new Engine(ports, f.stop, LeaseHolder.thisProcess("test"));
    }

    @Test
    void aRunWhoseLeaseIsBrokenMidRunWritesNothingMoreAndEndsLeaseLost() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1, "b", 1, "c", 1));
        LeaseHolder thief = LeaseHolder.thisProcess("cli");
        Engine engine = engineLosingTheLeaseAfterWriting(f, "a", thief);

        ReconcileOutcome outcome = engine.reconciler().reconcile(ReconcileRequest.at("web", Trigger.POLL, sha));

        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.reason()).isEqualTo("LeaseLost");
        assertThat(outcome.message()).contains("lost the lease on stack 'web'").contains(thief.describe());
        assertThat(f.provider.writes()).as("nothing after the break").containsExactly("create a");
        assertThat(f.store.inventory("web").values()).singleElement().satisfies(entry -> {
            assertThat(entry.key().name()).isEqualTo("a");
            assertThat(entry.pending()).as("its record of the write was refused").isTrue();
        });
        assertThat(f.store.status("web")).as("no status written after the break").isEmpty();
        assertThat(f.store.history("web", 10)).singleElement()
                .satisfies(run -> assertThat(run.result()).as("its end was not written").isNull());
        assertThat(f.store.lease("web")).as("ending the run does not release the new holder's lease").get()
                .extracting(LeaseInfo::holder).isEqualTo(thief);
    }

    @Test
    void aSecondReconcileOfTheStackWaitsItsBoundThenFailsNamingTheHolder() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1));
        LeaseHolder agent = LeaseHolder.thisProcess("agent");
        f.store.acquire("web", agent, Duration.ofMinutes(1)).orElseThrow();
        Engine cli = new Engine(f.engine.ports(), f.stop, LeaseHolder.thisProcess("cli"), Duration.ofMillis(300));
        long started = System.nanoTime();

        ReconcileOutcome outcome = cli.reconciler().reconcile(ReconcileRequest.at("web", Trigger.CLI, sha));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.reason()).isEqualTo(Reasons.LOCKED);
        assertThat(outcome.message()).isEqualTo("stack 'web' is locked by agent pid " + ProcessHandle.current().pid()
                + " on host " + LeaseHolder.thisHost() + " (instance " + agent.instance() + ") since"
                + " 2026-02-01T10:00:00Z; it is renewed while its run lives; if that process is gone for good, run"
                + " 'plumbline unlock web'");
        assertThat(f.provider.writes()).isEmpty();
        assertThat(f.store.lease("web")).get().extracting(LeaseInfo::holder).isEqualTo(agent);
    }

    @Test
    void aWaitingReconcileRunsOnceTheHolderLetsGo() throws Exception {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1));
        Lease held = f.store.acquire("web", LeaseHolder.thisProcess("agent"), Duration.ofMinutes(1)).orElseThrow();
        Engine cli = new Engine(f.engine.ports(), f.stop, LeaseHolder.thisProcess("cli"), Duration.ofSeconds(30));
        CompletableFuture<Void> letGo = CompletableFuture.runAsync(() -> f.store.release(held),
                CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS));

        ReconcileOutcome outcome = cli.reconciler().reconcile(ReconcileRequest.at("web", Trigger.CLI, sha));

        letGo.get(10, TimeUnit.SECONDS);
        assertThat(outcome.result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live()).containsOnlyKeys("a");
    }

    @Test
    void theLeaseIsHeldByTheRunAndReleasedOnEveryWayOut() {
        EngineFixture f = fixture("{ auto: true }");
        String sha = f.commit(things("a", 1, "b", 1));
        List<Optional<LeaseInfo>> duringRuns = new ArrayList<>();

        ReconcileOutcome applied = f.engine.reconciler().reconcile(ReconcileRequest.at("web", Trigger.POLL, sha),
                prepared -> duringRuns.add(f.store.lease("web")));
        assertThat(applied.result()).isEqualTo(Result.APPLIED);
        assertThat(f.store.lease("web")).as("released after a run that applied").isEmpty();

        f.provider.failOn("b");
        f.provider.tamper("b", Map.of("spec", Map.of("size", 9L)));
        ReconcileOutcome failed = f.engine.reconciler().reconcile(ReconcileRequest.at("web", Trigger.MANUAL, sha),
                prepared -> duringRuns.add(f.store.lease("web")));
        assertThat(failed.reason()).isEqualTo(Reasons.APPLY_FAILED);
        assertThat(f.store.lease("web")).as("released after a run that failed").isEmpty();

        Engine throwing = new Engine(f.engine.ports().withListener((stack, trigger) -> new RunScope() {
            @Override
            public void finished(RunReport report) {
                throw new IllegalStateException("the listener broke");
            }
        }), f.stop, LeaseHolder.thisProcess("test"));
        assertThatThrownBy(() -> throwing.reconciler().reconcile(ReconcileRequest.at("web", Trigger.MANUAL, sha)))
                .hasMessage("the listener broke");
        assertThat(f.store.lease("web")).as("released after a run that threw").isEmpty();

        assertThat(duringRuns).hasSize(2).allSatisfy(lease -> assertThat(lease).get()
                .extracting(held -> held.holder().role()).isEqualTo("test"));
        assertThat(duringRuns.get(1).orElseThrow().token()).isGreaterThan(duringRuns.get(0).orElseThrow().token());
    }
}
