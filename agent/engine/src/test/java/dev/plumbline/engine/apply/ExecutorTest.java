package dev.plumbline.engine.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.LiveObject;
import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.Planner;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.BatchProvider;
import dev.plumbline.provider.PartialApply;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.Providers;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.TransactionalProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorTest {

    /** Records every call, in order, from the journal and the provider alike. */
    private final List<String> calls = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final StopSignal stop = new StopSignal();

    /** Runs after each recorded result; a test may use it to stop the run between two changes. */
    private Runnable afterApplied = () -> { };

    private final InventoryJournal journal = new InventoryJournal() {
        @Override
        public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            calls.add("intend " + key.name() + (pruneDisabled ? " (kept)" : ""));
        }

        @Override
        public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            calls.add("applied " + key.name() + (pruneDisabled ? " (kept)" : ""));
            afterApplied.run();
        }

        @Override
        public void forget(String stack, ResourceKey key) {
            calls.add("forget " + key.name());
        }
    };

    /** An in-memory provider that records its writes and throws the failures queued for it. */
    private class Memory implements Provider {
        @Override
        public String name() {
            return "mem";
        }

        @Override
        public String type() {
            return "memory";
        }

        @Override
        public boolean serves(String group, String kind) {
            return group.equals("mem.test");
        }

        @Override
        public String served() {
            return "mem.test";
        }

        @Override
        public List<Problem> validate(List<Resource> resources) {
            return List.of();
        }

        @Override
        public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                    Collection<ResourceKey> inventory) {
            return Map.of();
        }

        @Override
        public ApplyResult apply(Change change, ApplyContext context) {
            calls.add("write " + change.key().name());
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return ApplyResult.created("");
        }

        @Override
        public ApplyResult delete(Change change, ApplyContext context) {
            calls.add("remove " + change.key().name());
            return ApplyResult.deleted("");
        }
    }

    private final Provider provider = new Memory();

    private static Resource resource(String name) {
        return new Resource(new ResourceKey("mem", "mem.test", "Thing", "", name), "mem.test/v1",
                Map.of("spec", Map.of("n", name)), SourceMap.of(Location.of(name + ".yaml", 1, 1)));
    }

    private static Plan createPlan(String... names) {
        return Planner.plan(new Planner.Input("web", java.util.Arrays.stream(names).map(ExecutorTest::resource)
                .toList(), Map.of(), Map.of(), true, null));
    }

    private ExecutionResult execute(Plan plan, int attempts) {
        return new Executor(Providers.of(List.of(provider))::get, journal, attempts,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), stop)
                .execute(plan, new ApplyContext("web", "abc", Instant.EPOCH), change -> true);
    }

    @Test
    void recordsTheIntentBeforeEveryWriteAndTheResultAfter() {
        ExecutionResult result = execute(createPlan("a", "b"), 1);

        assertThat(result.succeeded()).isTrue();
        assertThat(calls).containsExactly("intend a", "write a", "applied a", "intend b", "write b", "applied b");
    }

    @Test
    void retriesTransientFailuresWithBackoff() {
        failures.add(new TransientException("Busy", "busy"));
        failures.add(new TransientException("Busy", "busy"));

        ExecutionResult result = execute(createPlan("a"), 3);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.results().get(0).attempts()).isEqualTo(3);
        assertThat(calls).containsExactly("intend a", "write a", "intend a", "write a", "intend a", "write a",
                "applied a");
    }

    @Test
    void aStalledFailureIsNotRetriedAndStopsTheRest() {
        failures.add(new StalledException("UnsafePath", "the path leaves the root"));

        ExecutionResult result = execute(createPlan("a", "b"), 3);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.results()).extracting(ChangeResult::status)
                .containsExactly(ChangeResult.Status.FAILED, ChangeResult.Status.NOT_RUN);
        ChangeResult failed = result.firstFailure().orElseThrow();
        assertThat(failed.reason()).isEqualTo("UnsafePath");
        assertThat(failed.message()).isEqualTo("a.yaml:1:1: create Thing a failed: the path leaves the root");
        assertThat(calls).containsExactly("intend a", "write a");
    }

    @Test
    void anUnexpectedExceptionBecomesAnApplyFailureWithItsMessage() {
        failures.add(new IllegalStateException("disk on fire"));

        ExecutionResult result = execute(createPlan("a"), 1);

        assertThat(result.firstFailure().orElseThrow().reason()).isEqualTo("ApplyFailed");
        assertThat(result.firstFailure().orElseThrow().message()).contains("disk on fire");
    }

    @Test
    void aStopAbandonsTheRemainingChangesBetweenTwoWrites() {
        afterApplied = stop::stop;

        ExecutionResult result = execute(createPlan("a", "b", "c"), 1);

        assertThat(result.abandoned()).isTrue();
        assertThat(result.results()).extracting(ChangeResult::status).containsExactly(ChangeResult.Status.DONE,
                ChangeResult.Status.NOT_RUN, ChangeResult.Status.NOT_RUN);
        assertThat(calls).containsExactly("intend a", "write a", "applied a");
    }

    @Test
    void forgetsVanishedKeysOnlyAfterASuccessfulRun() {
        Plan plan = new Plan(createPlan("a").changes(), List.of(new ResourceKey("mem", "mem.test", "Thing", "",
                "gone")), List.of());
        failures.add(new StalledException("Nope", "no"));

        execute(plan, 1);
        assertThat(calls).doesNotContain("forget gone");

        calls.clear();
        execute(plan, 1);
        assertThat(calls).containsExactly("intend a", "write a", "applied a", "forget gone");
    }

    @Test
    void theListenerHearsOfEveryChangeRunAndOfNoneSkipped() {
        failures.add(new StalledException("UnsafePath", "no"));
        List<String> heard = new ArrayList<>();
        ExecutionListener listener = change -> {
            heard.add("started " + change.key().name());
            return new ExecutionListener.Applying() {
                @Override
                public void finished(ChangeResult result) {
                    heard.add("finished " + change.key().name() + " " + result.status());
                }

                @Override
                public void close() {
                    heard.add("closed " + change.key().name());
                }
            };
        };

        new Executor(Providers.of(List.of(provider))::get, journal, 1, new Backoff(Duration.ZERO, Duration.ZERO), stop,
                listener).execute(createPlan("a", "b"), new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(heard).containsExactly("started a", "finished a FAILED", "closed a");
    }

    /** The in-memory provider, applying every change of a run in one call. */
    private final class Transactional extends Memory implements TransactionalProvider {
        @Override
        public ApplyResult apply(Change change, ApplyContext context) {
            throw new AssertionError("changes of a transactional provider go through applyAll");
        }

        @Override
        public ApplyResult delete(Change change, ApplyContext context) {
            throw new AssertionError("changes of a transactional provider go through applyAll");
        }

        @Override
        public List<ApplyResult> applyAll(List<Change> changes, ApplyContext context) {
            calls.add("transaction " + changes.stream().map(c -> c.key().name()).toList());
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return changes.stream().map(c -> ApplyResult.created("")).toList();
        }
    }

    @Test
    void aTransactionalProviderGetsTheWholeRunInOneCallAfterEveryIntent() {
        ExecutionResult result = new Executor(Providers.of(List.of(new Transactional()))::get, journal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(createPlan("a", "b"), new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(result.succeeded()).isTrue();
        assertThat(calls).containsExactly("intend a", "intend b", "transaction [a, b]", "applied a", "applied b");
    }

    /** A journal that records its batched calls as one call each, and refuses single-key writes. */
    private final InventoryJournal batchedJournal = new InventoryJournal() {
        @Override
        public void intend(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            throw new AssertionError("one intent at a time: " + key.name());
        }

        @Override
        public void applied(String stack, ResourceKey key, String hash, String revision, boolean pruneDisabled) {
            throw new AssertionError("one outcome at a time: " + key.name());
        }

        @Override
        public void forget(String stack, ResourceKey key) {
            throw new AssertionError("one removal at a time: " + key.name());
        }

        @Override
        public void intendAll(String stack, String revision, List<Entry> entries) {
            calls.add("intendAll " + revision + " " + entries.stream().map(e -> e.key().name()).toList());
        }

        @Override
        public void settleAll(String stack, String revision, List<Entry> entries) {
            calls.add("settleAll " + revision + " " + entries.stream()
                    .map(e -> e.hash() == null ? "-" + e.key().name() : e.key().name()).toList());
        }
    };

    @Test
    void aCallWithManyChangesRecordsItsIntentsInOneWriteAndItsOutcomesInAnother() {
        ResourceKey gone = new ResourceKey("mem", "mem.test", "Thing", "", "gone");
        Plan plan = createPlan("a", "b");
        Plan withForget = new Plan(plan.changes(), List.of(gone), List.of(), List.of());

        ExecutionResult result = new Executor(Providers.of(List.of(new Transactional()))::get, batchedJournal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(withForget, new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(result.succeeded()).isTrue();
        assertThat(calls).containsExactly("intendAll abc [a, b]", "transaction [a, b]", "settleAll abc [a, b]",
                "settleAll abc [-gone]");
    }

    @Test
    void theNoOpsARunTracksAreRecordedInOneWrite() {
        Plan applied = createPlan("a", "b");
        Plan tracking = new Plan(List.of(), List.of(), applied.mutations(), List.of());

        ExecutionResult result = new Executor(Providers.of(List.of(provider))::get, batchedJournal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(tracking, new ApplyContext("web", "def", Instant.EPOCH), change -> true);

        assertThat(result.succeeded()).isTrue();
        assertThat(calls).containsExactly("settleAll def [a, b]");
    }

    @Test
    void aConflictFailsTheWholeTransactionAndRecordsNothingAsApplied() {
        failures.add(new TransientException(TransactionalProvider.CONFLICT, "key /a changed since it was read"));

        ExecutionResult result = new Executor(Providers.of(List.of(new Transactional()))::get, journal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(createPlan("a", "b"), new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(result.results()).extracting(ChangeResult::reason)
                .containsExactly(TransactionalProvider.CONFLICT, TransactionalProvider.CONFLICT);
        assertThat(calls).containsExactly("intend a", "intend b", "transaction [a, b]");
    }

    /** The in-memory provider, applying runs of changes in calls of at most {@link BatchProvider#MAX_BATCH}. */
    private final class Batching extends Memory implements BatchProvider {
        @Override
        public ApplyResult apply(Change change, ApplyContext context) {
            throw new AssertionError("changes of a batching provider go through applyBatch");
        }

        @Override
        public List<ApplyResult> applyBatch(List<Change> changes, ApplyContext context) {
            calls.add("batch of " + changes.size() + " from " + changes.get(0).key().name());
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return changes.stream().map(c -> ApplyResult.created("")).toList();
        }
    }

    @Test
    void aBatchingProviderGetsRunsOfAtMostMaxBatchChangesEachAfterItsIntentsAndBeforeItsOutcomes() {
        String[] names = java.util.stream.IntStream.range(0, BatchProvider.MAX_BATCH + 2)
                .mapToObj(i -> String.format("r%05d", i)).toArray(String[]::new);

        ExecutionResult result = new Executor(Providers.of(List.of(new Batching()))::get, journal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(createPlan(names), new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(result.succeeded()).isTrue();
        assertThat(calls).filteredOn(call -> call.startsWith("batch"))
                .containsExactly("batch of " + BatchProvider.MAX_BATCH + " from r00000", "batch of 2 from r01000");
        int firstBatch = calls.indexOf("batch of " + BatchProvider.MAX_BATCH + " from r00000");
        int secondBatch = calls.indexOf("batch of 2 from r01000");
        assertThat(calls.subList(0, firstBatch)).hasSize(BatchProvider.MAX_BATCH).allMatch(c -> c.startsWith("intend"));
        assertThat(calls.subList(firstBatch + 1, firstBatch + 1 + BatchProvider.MAX_BATCH))
                .allMatch(c -> c.startsWith("applied"));
        assertThat(calls.subList(secondBatch - 2, secondBatch)).containsExactly("intend r01000", "intend r01001");
        assertThat(calls.subList(secondBatch + 1, calls.size())).containsExactly("applied r01000", "applied r01001");
    }

    @Test
    void aFailedBatchFailsEachOfItsChangesWithoutRetryRecordsNoneAsAppliedAndRunsNoMore() {
        failures.add(new TransientException("DiskFull", "no space left on device"));
        String[] names = java.util.stream.IntStream.range(0, BatchProvider.MAX_BATCH + 1)
                .mapToObj(i -> String.format("r%05d", i)).toArray(String[]::new);

        ExecutionResult result = new Executor(Providers.of(List.of(new Batching()))::get, journal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(createPlan(names), new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(result.succeeded()).isFalse();
        assertThat(calls).filteredOn(call -> call.startsWith("batch")).containsExactly("batch of "
                + BatchProvider.MAX_BATCH + " from r00000");
        assertThat(calls).noneMatch(call -> call.startsWith("applied"));
        assertThat(result.results()).extracting(ChangeResult::status).containsOnly(ChangeResult.Status.FAILED,
                ChangeResult.Status.NOT_RUN);
        assertThat(result.results().get(BatchProvider.MAX_BATCH).status()).isEqualTo(ChangeResult.Status.NOT_RUN);
    }

    @Test
    void aCallThatSaysHowFarItGotRecordsWhatItAppliedAndFailsAtTheChangeThatFailed() {
        failures.add(new PartialApply(List.of(ApplyResult.created("one")),
                new TransientException("DiskFull", "no space left on device")));

        ExecutionResult result = new Executor(Providers.of(List.of(new Batching()))::get, journal, 3,
                new Backoff(Duration.ZERO, Duration.ZERO), stop)
                .execute(createPlan("a", "b", "c"), new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(result.results()).extracting(ChangeResult::status).containsExactly(ChangeResult.Status.DONE,
                ChangeResult.Status.FAILED, ChangeResult.Status.NOT_RUN);
        assertThat(result.firstFailure()).get().satisfies(failure -> {
            assertThat(failure.reason()).isEqualTo("DiskFull");
            assertThat(failure.message()).as("at the change that failed, by its own position")
                    .isEqualTo("b.yaml:1:1: create Thing b failed: no space left on device");
        });
        assertThat(calls).containsExactly("intend a", "intend b", "intend c", "batch of 3 from a", "applied a");
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(List.of(backoff.delay(1), backoff.delay(2), backoff.delay(3), backoff.delay(4)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(5));
    }

    // the fence: checked before every provider write (apply, delete, a transactional batch), a run that lost its
    // lease writes nothing more to the target, without retrying, its change failed as LeaseLost

    /** Lets this many provider writes through, then finds the lease lost. */
    private int allowedWrites = Integer.MAX_VALUE;

    private final Fence fence = stack -> {
        calls.add("check " + stack);
        if (allowedWrites-- <= 0) {
            throw new LeaseLostException("the run lost the lease on stack '" + stack + "'");
        }
    };

    private static ResourceKey key(String name) {
        return new ResourceKey("mem", "mem.test", "Thing", "", name);
    }

    private ExecutionResult executeFenced(Provider fenced, Plan plan) {
        return new Executor(Providers.of(List.of(fenced))::get, journal, 3,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), new StopSignal(), ExecutionListener.none(),
                fence).execute(plan, new ApplyContext("web", "abc", Instant.EPOCH), change -> true);
    }

    @Test
    void aLostLeaseStopsTheRunBeforeTheNextWriteWithoutRetrying() {
        allowedWrites = 1;

        ExecutionResult result = executeFenced(new Memory(), createPlan("a", "b", "c"));

        assertThat(calls).containsExactly("intend a", "check web", "write a", "applied a", "intend b", "check web");
        assertThat(result.results()).extracting(ChangeResult::status).containsExactly(ChangeResult.Status.DONE,
                ChangeResult.Status.FAILED, ChangeResult.Status.NOT_RUN);
        ChangeResult lost = result.firstFailure().orElseThrow();
        assertThat(lost.reason()).isEqualTo(LeaseLostException.REASON);
        assertThat(lost.attempts()).as("not retried").isEqualTo(1);
    }

    @Test
    void aDeleteIsFencedToo() {
        allowedWrites = 0;
        Provenance mine = new Provenance("web", "abc", Instant.EPOCH);
        Plan plan = Planner.plan(new Planner.Input("web", List.of(),
                Map.of(key("gone"), LiveObject.managed(key("gone"), Map.of("spec", Map.of()), mine, false)),
                Map.of(key("gone"), new InventoryEntry(key("gone"), "sha256:x", "abc", false)), true, null));

        ExecutionResult result = executeFenced(new Memory(), plan);

        assertThat(calls).containsExactly("check web");
        assertThat(result.firstFailure().orElseThrow().reason()).isEqualTo(LeaseLostException.REASON);
    }

    @Test
    void aTransactionalBatchIsFencedAfterItsIntentsAndBeforeTheCall() {
        allowedWrites = 0;

        ExecutionResult result = executeFenced(new Transactional(), createPlan("a", "b"));

        assertThat(calls).containsExactly("intend a", "intend b", "check web");
        assertThat(result.results()).extracting(ChangeResult::reason).containsOnly(LeaseLostException.REASON);
    }

    @Test
    void everyCallToAProviderWaitsForItsRateLimitAndAStopWhileWaitingAbandonsTheRest() {
        var clock = new dev.plumbline.engine.state.SettableClock(Instant.parse("2026-02-01T10:00:00Z"));
        List<Duration> waits = new ArrayList<>();
        Throttle throttle = Throttle.of(List.of(ThrottleTest.provider("mem", new dev.plumbline.config.RateLimit(1, 1))),
                clock, (duration, signal) -> {
                    waits.add(duration);
                    calls.add("wait");
                    clock.advance(duration);
                    if (waits.size() == 2) {
                        signal.stop();
                    }
                    return signal.isStopped();
                });
        Executor executor = new Executor(Providers.of(List.of(provider))::get, journal, 1,
                new Backoff(Duration.ZERO, Duration.ZERO), stop, ExecutionListener.none(), Fence.NONE, throttle);

        ExecutionResult result = executor.execute(createPlan("a", "b", "c"),
                new ApplyContext("web", "abc", Instant.EPOCH), change -> true);

        assertThat(calls).containsExactly("intend a", "write a", "applied a", "wait", "intend b", "write b",
                "applied b", "wait");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(result.abandoned()).isTrue();
        assertThat(result.results()).extracting(ChangeResult::status).containsExactly(ChangeResult.Status.DONE,
                ChangeResult.Status.DONE, ChangeResult.Status.NOT_RUN);
    }
}
