package dev.plumbline.engine;

import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.memory.MemoryProvider;
import dev.plumbline.engine.memory.MemorySnapshots;
import dev.plumbline.engine.port.ReconcileListener;
import dev.plumbline.engine.port.SecretResolver;
import dev.plumbline.engine.state.InMemoryStateStore;
import dev.plumbline.engine.state.SettableClock;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An engine wired to in-memory ports, for unit tests of the reconcile loop: one source {@code infra}, one
 * memory provider {@code mem}, and one stack {@code web} over {@code stacks/web} with the sync policy the
 * test gives. It records every {@link RunReport} its listener is told.
 */
final class EngineFixture {

    final MemorySnapshots snapshots = new MemorySnapshots();
    final MemoryProvider provider = new MemoryProvider("mem");
    final SettableClock clock = new SettableClock(Instant.parse("2026-02-01T10:00:00Z"));
    final InMemoryStateStore store = new InMemoryStateStore(clock);
    final List<RunReport> reports = new ArrayList<>();
    final StopSignal stop = new StopSignal();
    final Engine engine;
    final AgentConfig config;
    /** How many resources each secrets check looked at, in order. */
    final List<Integer> secretChecks = new ArrayList<>();

    EngineFixture(Path dir, String sync) {
        this(dir, sync, "");
    }

    /** With {@code stackLines} added to the stack's entry (YAML at its indentation, each line ending in \n). */
    EngineFixture(Path dir, String sync, String stackLines) {
        this.config = config(dir, sync, stackLines);
        ReconcileListener listener = (stack, trigger) -> new ReconcileListener.RunScope() {
            @Override
            public void finished(RunReport report) {
                reports.add(report);
            }
        };
        EnginePorts ports = new EnginePorts(config, store, name -> Optional.<Provider>of(provider).filter(p -> p.name()
                .equals(name)), snapshots, new SecretResolver() {
                    @Override
                    public List<Resource> resolve(List<Resource> resources) {
                        return resources;
                    }

                    @Override
                    public List<Problem> check(List<Resource> resources) {
                        secretChecks.add(resources.size());
                        return List.of();
                    }
                }, clock, listener);
        this.engine = new Engine(ports, stop, dev.plumbline.engine.state.LeaseHolder.thisProcess("test"));
    }

    private static AgentConfig config(Path dir, String sync, String stackLines) {
        Path file = dir.resolve("plumbline.yaml");
        try {
            Files.writeString(file, """
                    stateDir: ./state
                    sources:
                      - name: infra
                        url: file:///srv/git/infra.git
                    providers:
                      - name: mem
                        type: memory
                    stacks:
                      - name: web
                        source: infra
                        path: stacks/web
                        provider: mem
                        sync: %s
                    """.formatted(sync) + stackLines.indent(4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(file);
    }

    /** Commits the stack's manifests: one Thing per name, with {@code size} in its spec. */
    String commit(Map<String, Integer> things) {
        Map<String, String> files = new java.util.TreeMap<>();
        things.forEach((name, size) -> files.put("stacks/web/" + name + ".yaml", thing(name, size)));
        if (files.isEmpty()) {
            files.put("stacks/web/README.md", "nothing here");
        }
        return snapshots.commit("infra", files);
    }

    String commitFiles(Map<String, String> files) {
        return snapshots.commit("infra", files);
    }

    /** Things {@code t0} to {@code t<count-1>} of size 1, then {@code sizes} over them (new names or other sizes). */
    static Map<String, Integer> things(int count, Map<String, Integer> sizes) {
        Map<String, Integer> things = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            things.put("t" + i, 1);
        }
        things.putAll(sizes);
        return things;
    }

    static String thing(String name, int size) {
        return """
                apiVersion: mem.plumbline.dev/v1
                kind: Thing
                metadata:
                  name: %s
                spec:
                  size: %d
                """.formatted(name, size);
    }

    ReconcileOutcome run(Trigger trigger) {
        return engine.reconciler().reconcile(ReconcileRequest.of("web", trigger));
    }

    ReconcileOutcome run(Trigger trigger, String revision) {
        return engine.reconciler().reconcile(ReconcileRequest.at("web", trigger, revision));
    }
}
