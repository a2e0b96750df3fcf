package dev.plumbline.engine.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Provenance;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SourceMap;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.Planner;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.Providers;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.TransactionalProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The executor's fence: checked before every provider write (apply, delete, a transactional batch), a run that
 * lost its lease writes nothing more to the target, without retrying, its change failed as LeaseLost.
 */
class ExecutorFenceTest {

    private final List<String> calls = new ArrayList<>();
    private int allowedWrites = Integer.MAX_VALUE;

    /** Lets {@link #allowedWrites} provider writes through, then finds the lease lost. */
    private final Fence fence = stack -> {
        calls.add("check " + stack);
        if (allowedWrites-- <= 0) {
            throw new LeaseLostException("the run lost the lease on stack '" + stack + "'");
        }
    };

    private final InventoryJournal journal = new InventoryJournal() {
        @Override
        public void intend(String stack, ResourceKey key, String hash, String revision) {
            calls.add("intend " + key.name());
        }

        @Override
        public void applied(String stack, ResourceKey key, String hash, String revision) {
            calls.add("applied " + key.name());
        }

        @Override
        public void forget(String stack, ResourceKey key) {
            calls.add("forget " + key.name());
        }
    };

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
            return ApplyResult.created("");
        }

        @Override
        public ApplyResult delete(Change change, ApplyContext context) {
            calls.add("remove " + change.key().name());
            return ApplyResult.deleted("");
        }
    }

    private final class Transactional extends Memory implements TransactionalProvider {
        @Override
        public List<ApplyResult> applyAll(List<Change> changes, ApplyContext context) {
            calls.add("transaction " + changes.stream().map(c -> c.key().name()).toList());
            return changes.stream().map(c -> ApplyResult.created("")).toList();
        }
    }

    private static ResourceKey key(String name) {
        return new ResourceKey("mem", "mem.test", "Thing", "", name);
    }

    private static Resource resource(String name) {
        return new Resource(key(name), "mem.test/v1", Map.of("spec", Map.of("n", name)),
                SourceMap.of(Location.of(name + ".yaml", 1, 1)));
    }

    private ExecutionResult execute(Provider provider, Plan plan) {
        return new Executor(Providers.of(List.of(provider))::get, journal, 3,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), new StopSignal(), ExecutionListener.none(),
                fence).execute(plan, new ApplyContext("web", "abc", Instant.EPOCH), change -> true);
    }

    @Test
    void aLostLeaseStopsTheRunBeforeTheNextWriteWithoutRetrying() {
        allowedWrites = 1;
        Plan plan = Planner.plan(new Planner.Input("web", List.of(resource("a"), resource("b"), resource("c")),
                Map.of(), Map.of(), true, null));

        ExecutionResult result = execute(new Memory(), plan);

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

        ExecutionResult result = execute(new Memory(), plan);

        assertThat(calls).containsExactly("check web");
        assertThat(result.firstFailure().orElseThrow().reason()).isEqualTo(LeaseLostException.REASON);
    }

    @Test
    void aTransactionalBatchIsFencedAfterItsIntentsAndBeforeTheCall() {
        allowedWrites = 0;
        Plan plan = Planner.plan(new Planner.Input("web", List.of(resource("a"), resource("b")), Map.of(), Map.of(),
                true, null));

        ExecutionResult result = execute(new Transactional(), plan);

        assertThat(calls).containsExactly("intend a", "intend b", "check web");
        assertThat(result.results()).extracting(ChangeResult::reason)
                .containsOnly(LeaseLostException.REASON);
    }
}
