package dev.plumbline.bench.figure;

import dev.plumbline.bench.Figure;
import dev.plumbline.bench.Options;
import dev.plumbline.bench.Part;
import dev.plumbline.bench.Progress;
import dev.plumbline.bench.Results;
import dev.plumbline.bench.Scratch;
import dev.plumbline.bench.Targets;
import dev.plumbline.bench.agent.AgentConfig;
import dev.plumbline.bench.agent.Launcher;
import dev.plumbline.bench.agent.RunningAgent;
import dev.plumbline.bench.stack.KeyManifests;
import dev.plumbline.bench.stack.ManifestRepo;
import dev.plumbline.provider.etcd.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stack of 10,000 etcd keys (one {@code Key} manifest each) applied by the agent to an etcd started with its
 * default settings (the etcd provider's test fixture), beside a raw jetcd loop putting the same keys and values
 * one at a time under a prefix of its own.
 */
public final class EtcdPart implements Part {

    private static final String PREFIX = "/bench/";
    private static final String RAW_PREFIX = "/raw/";

    private final Options options;
    private final Scratch scratch;
    private final Launcher launcher;

    public EtcdPart(Options options, Scratch scratch, Launcher launcher) {
        this.options = options;
        this.scratch = scratch;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public List<Figure.Spec> figures() {
        return List.of(Targets.ETCD);
    }

    @Override
    public void run(Results results) throws Exception {
        int count = options.size();
        Progress.say("etcd: starting etcd and generating %d Key manifests", count);
        EtcdServer etcd = scratch.started(new EtcdServer());
        etcd.start();
        Path home = scratch.directory("etcd");
        try (ManifestRepo repo = ManifestRepo.create(home.resolve("infra.git"), AgentConfig.STACK_PATH, count,
                new KeyManifests())) {
            Path config = AgentConfig.write(home.resolve("agent"), repo.url(), "{ name: target, type: etcd,"
                    + " endpoints: [\"" + etcd.endpoint() + "\"], prefix: " + PREFIX + " }");
            RunningAgent agent = scratch.started(RunningAgent.start(launcher, config, home.resolve("agent.log"),
                    AgentConfig.ENVIRONMENT, AgentConfig.OPERATOR_TOKEN));
            KV kv = etcd.client().getKVClient();
            StoreRounds.Store store = new StoreRounds.Store() {
                @Override
                public void resetRaw() throws Exception {
                    deletePrefix(kv, RAW_PREFIX);
                }

                @Override
                public void rawLoop() throws Exception {
                    for (int index = 0; index < count; index++) {
                        kv.put(bytes(RAW_PREFIX + KeyManifests.key(index)), bytes(KeyManifests.value(index, 0)))
                                .get(30, TimeUnit.SECONDS);
                    }
                }

                @Override
                public void resetStack() throws Exception {
                    deletePrefix(kv, PREFIX);
                }
            };
            results.put(StoreRounds.measure(Targets.ETCD, count, "keys", agent, store, options.rounds(1, 3)));
            scratch.stop(agent);
        } finally {
            scratch.stop(etcd);
        }
    }

    private static void deletePrefix(KV kv, String prefix) throws Exception {
        kv.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()).get(60, TimeUnit.SECONDS);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
