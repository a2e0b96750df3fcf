package dev.plumbline.bench.jmh;

import dev.plumbline.render.RenderResult;
import dev.plumbline.render.Renderer;
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
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Rendering a stack of File manifests: every file parsed (a new renderer, as after a start or a hard sync),
 * every file from the cache (a drift check: nothing changed), and beside them the baseline, snakeyaml-engine
 * loading the same texts with nothing else done (no positions, no checks, no variables).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RenderBenchmark {

    @Param("10000")
    public int size;

    private Inputs inputs;
    private Renderer cached;

    @Setup
    public void setUp() {
        inputs = Inputs.of(size);
        cached = new Renderer();
        cached.render(Inputs.request(inputs.files));
    }

    @Benchmark
    public RenderResult renderEveryFile() {
        return new Renderer().render(Inputs.request(inputs.files));
    }

    @Benchmark
    public RenderResult renderFromCache() {
        return cached.render(Inputs.request(inputs.files));
    }

    @Benchmark
    public void baselineYamlLoad(Blackhole blackhole) {
        Load load = new Load(LoadSettings.builder().build());
        for (String text : inputs.texts) {
            blackhole.consume(load.loadFromString(text));
        }
    }
}
