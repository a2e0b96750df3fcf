package dev.plumbline.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writers on one mirror directory, as when the CLI fetches while the agent runs. */
class SharedMirrorTest {

    @TempDir
    Path dir;

    @Test
    void twoMirrorsOfOneDirectoryFetchTheSameCommitsAtTheSameTime() throws Exception {
        Path mirrors = dir.resolve("mirrors");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Upstream upstream = Upstream.create(dir.resolve("upstream.git"), "main");
             GitMirror agent = GitMirror.open(GitMirrorTest.source(upstream.url(), "main"), mirrors);
             GitMirror cli = GitMirror.open(GitMirrorTest.source(upstream.url(), "main"), mirrors)) {
            for (int round = 0; round < 8; round++) {
                String sha = upstream.write("round-" + round + ".yaml", "round: " + round + "\n").commit("round");
                List<Callable<FetchResult>> both = List.of(agent::fetch, cli::fetch);
                List<String> fetched = new ArrayList<>();
                for (Future<FetchResult> result : pool.invokeAll(both)) {
                    fetched.add(result.get().sha());
                }

                assertThat(fetched).containsExactly(sha, sha);
                assertThat(agent.snapshot(sha).tree().files("")).hasSize(round + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
