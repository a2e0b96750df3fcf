package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import dev.plumbline.problem.Reasons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs work toward the newest revision whatever the trigger saw; transient failures back off in one chain per
 * stack and stall, still retried, after their quick attempts; the prune guard holds mass deletions.
 */
class LevelTriggeredTest {

    @TempDir
    Path dir;

    private static Map<String, Integer> things(Object... namesAndSizes) {
        Map<String, Integer> things = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSizes.length; i += 2) {
            things.put((String) namesAndSizes[i], (Integer) namesAndSizes[i + 1]);
        }
        return things;
    }

    @Test
    void aRetryOfAnOldRequestWorksTowardTheNewestRevisionAndNeverGoesBackInTime() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true }");
        f.provider.failOn("a");
        String v1 = f.commit(things("a", 1));
        assertThat(f.run(Trigger.POLL, v1).result()).isEqualTo(Result.WAITING);
        f.provider.heal("a");
        String v2 = f.commit(things("a", 2, "c", 1));
        assertThat(f.run(Trigger.POLL, v2).result()).isEqualTo(Result.APPLIED);

        // the retry of the first run, as a queue that kept its revision would send it
        ReconcileOutcome stale = f.run(Trigger.RETRY, v1);

        assertThat(stale.revision()).contains(v2);
        assertThat(stale.result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.provider.live().get("a").state()).isEqualTo(Map.of("spec", Map.of("size", 2L)));
        assertThat(f.provider.live()).containsKey("c");
        assertThat(f.store.status("web").orElseThrow().lastAppliedRevision()).isEqualTo(v2);
    }

    @Test
    void aSourceThatCannotBeFetchedLeavesTheStackWaitingWithTheFetchsReasonWhileLiveStateIsStillChecked() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, selfHeal: true }");
        String v1 = f.commit(things("a", 1));
        f.run(Trigger.POLL, v1);
        f.snapshots.failFetches(new dev.plumbline.problem.TransientException(Reasons.FETCH_FAILED,
                "cannot reach git://127.0.0.1:1/infra.git"));
        f.provider.tamper("a", Map.of("spec", Map.of("size", 99L)));

        ReconcileOutcome outcome = f.run(Trigger.POLL);

        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.reason()).isEqualTo(Reasons.FETCH_FAILED);
        assertThat(outcome.message()).startsWith("cannot reach git://127.0.0.1:1/infra.git; live state was checked"
                + " against the revision of source 'infra' last fetched, " + v1.substring(0, 7));
        assertThat(outcome.requeueAfter()).isPresent();
        assertThat(f.provider.live().get("a").state()).as("drift is still healed at the last fetched revision")
                .isEqualTo(Map.of("spec", Map.of("size", 1L)));
        assertThat(f.store.status("web").orElseThrow().condition()).isEqualTo("Waiting");
        assertThat(f.store.status("web").orElseThrow().lastAppliedRevision()).isEqualTo(v1);

        f.snapshots.failFetches(null);
        assertThat(f.run(Trigger.POLL).result()).isEqualTo(Result.UNCHANGED);
        assertThat(f.store.status("web").orElseThrow().condition()).isEqualTo("Ready");
    }

    @Test
    void aRetryRequestNamesNoRevisionAndAnswersNoRequest() {
        ReconcileRequest retry = ReconcileRequest.at("web", Trigger.POLL, "abc").withRequestId("r1")
                .allowingMassPrune().retry();

        assertThat(retry.trigger()).isEqualTo(Trigger.RETRY);
        assertThat(retry.revision()).isEmpty();
        assertThat(retry.requestId()).isEmpty();
        assertThat(retry.allowMassPrune()).isFalse();
    }

    @Test
    void failuresInARowBackOffThenStallWithTheNextTryAndANewRevisionStartsAfresh() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true }");
        f.provider.failOn("a");
        String v1 = f.commit(things("a", 1));

        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt < Retries.QUICK_ATTEMPTS; attempt++) {
            ReconcileOutcome outcome = f.run(attempt == 1 ? Trigger.POLL : Trigger.RETRY, v1);
            assertThat(outcome.result()).isEqualTo(Result.WAITING);
            Duration delay = outcome.requeueAfter().orElseThrow();
            assertThat(delay).isBetween(Duration.ofSeconds(4), Duration.ofMinutes(6));
            if (attempt <= 5) {
                assertThat(delay).isGreaterThan(previous);
            }
            previous = delay;
        }
        ReconcileOutcome stalled = f.run(Trigger.RETRY, v1);

        assertThat(stalled.result()).isEqualTo(Result.STALLED);
        assertThat(stalled.reason()).isEqualTo(Reasons.APPLY_FAILED);
        assertThat(stalled.requeueAfter()).isPresent();
        assertThat(stalled.message()).contains("failed " + Retries.QUICK_ATTEMPTS + " times in a row")
                .contains("next at ");
        assertThat(f.store.status("web").orElseThrow().condition()).isEqualTo("Stalled");
        assertThat(f.store.status("web").orElseThrow().message()).contains("next at ");

        String v2 = f.commit(things("a", 2));
        ReconcileOutcome fresh = f.run(Trigger.POLL, v2);
        assertThat(fresh.result()).isEqualTo(Result.WAITING);
        assertThat(fresh.requeueAfter().orElseThrow()).isLessThan(Duration.ofSeconds(7));

        assertThat(f.run(Trigger.RETRY, v2).requeueAfter().orElseThrow()).isGreaterThan(Duration.ofSeconds(7));
        ReconcileOutcome manual = f.run(Trigger.MANUAL, v2);
        assertThat(manual.requeueAfter().orElseThrow()).as("a person's sync starts a fresh chain")
                .isLessThan(Duration.ofSeconds(7));
    }

    @Test
    void theWaitIsNeverShorterThanTheTargetAskedFor() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true }");
        f.provider.failOn("a", Duration.ofMinutes(10));

        ReconcileOutcome outcome = f.run(Trigger.POLL, f.commit(things("a", 1)));

        assertThat(outcome.result()).isEqualTo(Result.WAITING);
        assertThat(outcome.requeueAfter()).contains(Duration.ofMinutes(10));
    }

    @Test
    void thePruneGuardHoldsAMassDeletionUntilAPersonLetsItThroughOnce() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true }");
        f.run(Trigger.POLL, f.commit(things("a", 1, "b", 1, "c", 1, "d", 1, "e", 1, "f", 1, "g", 1, "h", 1,
                "i", 1, "j", 1)));
        String shrunk = f.commit(things("a", 1, "b", 1, "c", 1, "d", 1, "e", 1, "f", 1));

        ReconcileOutcome held = f.run(Trigger.POLL, shrunk);

        assertThat(held.result()).isEqualTo(Result.STALLED);
        assertThat(held.reason()).isEqualTo(Reasons.PRUNE_GUARD);
        assertThat(held.message()).contains("4 of the stack's 10 object(s) (40%)")
                .contains("Thing g, Thing h, Thing i, Thing j").contains("--allow-mass-prune");
        assertThat(f.provider.live()).hasSize(10);
        assertThat(f.provider.writes()).doesNotContain("delete g");
        assertThat(f.store.status("web").orElseThrow().condition()).isEqualTo("Stalled");

        ReconcileOutcome allowed = f.engine.reconciler().reconcile(
                ReconcileRequest.of("web", Trigger.MANUAL).allowingMassPrune());
        assertThat(allowed.result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live()).containsOnlyKeys("a", "b", "c", "d", "e", "f");
    }

    @Test
    void aRevisionThatRendersNothingPrunesNothingEvenWithTheGuardOpenedWide() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true, maxPrunePercent: 100 }");
        f.run(Trigger.POLL, f.commit(things("a", 1, "b", 1)));

        ReconcileOutcome held = f.run(Trigger.POLL, f.commit(things()));

        assertThat(held.reason()).isEqualTo(Reasons.PRUNE_GUARD);
        assertThat(held.message()).contains("renders no resources");
        assertThat(f.provider.live()).containsOnlyKeys("a", "b");
    }

    @Test
    void aPruneWithinTheShareOrOfASmallStackGoesThrough() {
        EngineFixture f = new EngineFixture(dir, "{ auto: true, prune: true }");
        f.run(Trigger.POLL, f.commit(things("a", 1, "b", 1, "c", 1, "d", 1, "e", 1, "f", 1, "g", 1, "h", 1,
                "i", 1, "j", 1)));

        ReconcileOutcome withinShare = f.run(Trigger.POLL, f.commit(things("a", 1, "b", 1, "c", 1, "d", 1,
                "e", 1, "f", 1, "g", 1)));
        assertThat(withinShare.result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live()).hasSize(7);

        EngineFixture small = new EngineFixture(newDirectory("small"), "{ auto: true, prune: true }");
        small.run(Trigger.POLL, small.commit(things("a", 1, "b", 1)));
        ReconcileOutcome half = small.run(Trigger.POLL, small.commit(things("a", 1)));
        assertThat(half.result()).as("one file of two is an everyday commit").isEqualTo(Result.APPLIED);
        assertThat(small.provider.live()).containsOnlyKeys("a");
    }

    private Path newDirectory(String name) {
        try {
            return java.nio.file.Files.createDirectories(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
