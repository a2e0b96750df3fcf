package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.problem.Reasons;
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
    void aPausedStackAppliesNothingAndKeepsItsStatus() {
        EngineFixture f = fixture("{ auto: true }");
        String first = f.commit(things("a", 1));
        f.run(Trigger.POLL, first);
        StackStatus before = status(f);
        f.store.controls().setPaused("web", true);
        String second = f.commit(things("a", 5));

        ReconcileOutcome outcome = f.run(Trigger.POLL, second);

        assertThat(outcome.result()).isEqualTo(Result.PAUSED);
        assertThat(outcome.reason()).isEqualTo(Reasons.PAUSED);
        assertThat(f.provider.writes()).containsExactly("create a");
        assertThat(status(f)).isEqualTo(before);
        assertThat(f.store.history("web", 10)).hasSize(1);
        assertThat(f.reports).last().satisfies(report -> {
            assertThat(report.skipped()).isTrue();
            assertThat(report.outcome()).isEqualTo(outcome);
        });

        f.store.controls().setPaused("web", false);
        assertThat(f.run(Trigger.RESUME).result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 5L)));
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
        assertThat(f.store.tryLock("web", "someone-else", java.time.Duration.ofMinutes(5))).isTrue();

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
}
