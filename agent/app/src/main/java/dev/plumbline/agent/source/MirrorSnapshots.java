package dev.plumbline.agent.source;

import dev.plumbline.engine.port.SnapshotReader;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.source.git.GitMirror;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The engine's snapshot port over the agent's Git mirrors, one per source. */
public final class MirrorSnapshots implements SnapshotReader {

    private final Function<String, GitMirror> mirrors;

    public MirrorSnapshots(Function<String, GitMirror> mirrors) {
        this.mirrors = mirrors;
    }

    public static MirrorSnapshots of(Map<String, GitMirror> bySource) {
        return new MirrorSnapshots(source -> {
            GitMirror mirror = bySource.get(source);
            if (mirror == null) {
                throw new IllegalArgumentException("no source named " + source);
            }
            return mirror;
        });
    }

    @Override
    public Optional<String> current(String source) {
        return mirrors.apply(source).resolve();
    }

    @Override
    public String fetch(String source) {
        return mirrors.apply(source).fetch().sha();
    }

    @Override
    public Snapshot read(String source, String revision) {
        return mirrors.apply(source).snapshot(revision);
    }

    @Override
    public Optional<PlumblineException> fetchFailure(String source) {
        return mirrors.apply(source).lastFetchFailure();
    }
}
