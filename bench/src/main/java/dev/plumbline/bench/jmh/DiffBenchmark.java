package dev.plumbline.bench.jmh;

import dev.plumbline.diff.Differ;
import dev.plumbline.model.Resource;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Diffing every resource of the stack with its live object when nothing changed (a drift check's diff),
 * beside the baseline: {@code Map.equals} of the same two trees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DiffBenchmark {

    @Param("10000")
    public int size;

    private Inputs inputs;

    @Setup
    public void setUp() {
        inputs = Inputs.of(size);
    }

    @Benchmark
    public void diffEveryResource(Blackhole blackhole) {
        for (Resource resource : inputs.resources) {
            blackhole.consume(Differ.diff(inputs.live.get(resource.key()).state(), resource.state()));
        }
    }

    @Benchmark
    public void baselineEquals(Blackhole blackhole) {
        for (Resource resource : inputs.resources) {
            blackhole.consume(inputs.live.get(resource.key()).state().equals(resource.state()));
        }
    }
}
