package dev.plumbline.engine.memory;

import dev.plumbline.engine.port.SnapshotReader;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import dev.plumbline.snapshot.CommitInfo;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.snapshot.TreeFile;
import dev.plumbline.snapshot.TreeReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Sources in memory, for the engine's unit tests: a test commits a tree (path to text) and moves the
 * source's ref to it; the engine reads commits through the {@link SnapshotReader} port as it reads Git.
 */
public final class MemorySnapshots implements SnapshotReader {

    private final Map<String, Map<String, String>> commits = new ConcurrentHashMap<>();
    private final Map<String, String> heads = new ConcurrentHashMap<>();
    private final Map<String, Instant> times = new ConcurrentHashMap<>();
    private int counter;
    private volatile dev.plumbline.problem.PlumblineException fetchFailure;

    /** The next fetches fail with {@code failure} (null: they succeed again). */
    public void failFetches(dev.plumbline.problem.PlumblineException failure) {
        this.fetchFailure = failure;
    }

    @Override
    public Optional<dev.plumbline.problem.PlumblineException> fetchFailure(String source) {
        return Optional.ofNullable(fetchFailure);
    }

    /** Commits {@code files} (path to content) to {@code source} and moves its ref there; returns the SHA. */
    public synchronized String commit(String source, Map<String, String> files) {
        String sha = sha("commit " + source + " " + (++counter) + " " + files);
        commits.put(sha, new TreeMap<>(files));
        heads.put(source, sha);
        times.put(sha, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(counter));
        return sha;
    }

    @Override
    public Optional<String> current(String source) {
        return Optional.ofNullable(heads.get(source));
    }

    @Override
    public String fetch(String source) {
        return current(source).orElseThrow(() -> new TransientException(Reasons.FETCH_FAILED,
                "source '" + source + "' has no commits"));
    }

    @Override
    public Snapshot read(String source, String revision) {
        Map<String, String> files = commits.get(revision);
        if (files == null) {
            throw new TransientException(Reasons.FETCH_FAILED, "no commit " + revision + " in " + source);
        }
        CommitInfo commit = new CommitInfo(revision, "Test", "test@example.org", times.get(revision),
                times.get(revision), "commit " + revision.substring(0, 7));
        return new Snapshot(source, "main", commit, new Tree(files));
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Tree(Map<String, String> files) implements TreeReader {

        @Override
        public List<TreeFile> files(String dir, Predicate<String> pathFilter) {
            String prefix = dir.isEmpty() ? "" : dir + "/";
            return files.keySet().stream().filter(path -> path.startsWith(prefix)).filter(pathFilter)
                    .map(path -> new TreeFile(path, sha("blob " + files.get(path)), files.get(path).length())).toList();
        }

        @Override
        public boolean isDirectory(String dir) {
            return files.keySet().stream().anyMatch(path -> path.startsWith(dir + "/"));
        }

        @Override
        public byte[] read(TreeFile file) {
            return files.get(file.path()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Files keyed by path, for {@link #commit}. */
    public static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }
}
