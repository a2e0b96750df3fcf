package dev.plumbline.bench.jmh;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.Planner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning a stack whose live objects and inventory match it (a no-op: every change is a no-op), beside the
 * baseline: pairing each desired resource with its live object by key and comparing their states.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlanBenchmark {

    @Param("10000")
    public int size;

    private Planner.Input input;
    private Inputs inputs;

    @Setup
    public void setUp() {
        inputs = Inputs.of(size);
        input = new Planner.Input("bench", inputs.resources, inputs.live, inputs.inventory, true, null);
    }

    @Benchmark
    public Plan planNoOp() {
        return Planner.plan(input);
    }

    @Benchmark
    public int baselineJoinByKey() {
        int equal = 0;
        for (Resource resource : inputs.resources) {
            LiveObject live = inputs.live.get(resource.key());
            if (live != null && live.state().equals(resource.state())) {
                equal++;
            }
        }
        return equal;
    }
}
