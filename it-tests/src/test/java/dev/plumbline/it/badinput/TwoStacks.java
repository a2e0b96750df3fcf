package dev.plumbline.it.badinput;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.source.git.fixture.GitRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Two stacks of one repository over one files provider, for inputs that must not hurt anything: stack
 * {@code bad} (manifests under {@code stacks/bad}, files under {@code bad/}) receives the hostile input, and
 * stack {@code good} (under {@code stacks/good}, files under {@code good/}) keeps applying beside it. The
 * config grants one environment variable and one secrets directory, so that a reference outside them is
 * refused for the right reason, and has a viewer token (given by its hash) for the admin API.
 * <p>
 * Stack {@code bad} is listed first, so that an {@code apply} of every stack meets it before {@code good}.
 */
final class TwoStacks implements AutoCloseable {

    static final String BAD = "bad";
    static final String GOOD = "good";
    static final String BAD_PATH = "stacks/bad";
    static final String GOOD_PATH = "stacks/good";
    /** The live file and the ledger record that stack {@code good} rewrites in every round. */
    static final String COUNTER = "good/counter.txt";
    static final String COUNTER_RECORD = ".plumbline/stacks/good/good/counter.txt.yaml";
    /** The viewer token of the admin API; the config holds its SHA-256. */
    static final String VIEWER_TOKEN = "corpus-viewer-5e1f0c";
    /** The one environment variable the config grants to manifests. */
    static final String GRANTED_ENV = "PLUMBLINE_CORPUS_GRANTED";
    /** How long one command may take before the test calls it a hang. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final GitRepo repo;

    private TwoStacks(Path dir, GitRepo repo) {
        this.dir = dir;
        this.repo = repo;
    }

    /** A repository with both stacks' first manifests committed, and the config; nothing applied yet. */
    static TwoStacks create(Path dir) {
        TwoStacks stacks = new TwoStacks(dir, GitRepo.create(dir.resolve("repos"), "infra"));
        stacks.writeConfig();
        stacks.resetBad("base");
        stacks.repo.write(GOOD_PATH + "/site.yaml", Scenario.fileManifest("good-site", "good/site.conf", "listen 80;"));
        stacks.good("first");
        stacks.commit("Both stacks");
        return stacks;
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dir.resolve("secrets"));
            Files.writeString(dir.resolve("secrets/granted.txt"), "granted\n");
            Files.writeString(config(), """
                    stateDir: ./state
                    admin:
                      listen: 127.0.0.1:0
                      tokens:
                        - { name: viewer, role: viewer, sha256: "%s" }
                    sources:
                      - name: infra
                        url: %s
                        ref: main
                        interval: 1s
                    providers:
                      - name: local
                        type: files
                        root: ./live
                    secrets:
                      fileRoots: [./secrets]
                      env: [%s]
                    stacks:
                      - name: bad
                        source: infra
                        path: stacks/bad
                        provider: local
                        sync: { auto: true, prune: true, selfHeal: false, maxPrunePercent: 100 }
                        driftInterval: 1h
                        vars: { env: prod }
                      - name: good
                        source: infra
                        path: stacks/good
                        provider: local
                        sync: { auto: true, prune: true, selfHeal: false }
                        driftInterval: 1h
                    """.formatted(sha256(VIEWER_TOKEN), repo.fileUrl(), GRANTED_ENV), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GitRepo repo() {
        return repo;
    }

    Path dir() {
        return dir;
    }

    Path config() {
        return dir.resolve("plumbline.yaml");
    }

    Path live() {
        return dir.resolve("live");
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    /**
     * Empties stack {@code bad}'s directory in the work tree but for its one valid File, {@code bad-base}
     * (written to {@code bad/base.txt} with {@code content}); returns the directory to write a case into.
     */
    StackDir resetBad(String content) {
        Path stackDir = repo.workDir().resolve(BAD_PATH);
        if (Files.exists(stackDir)) {
            repo.delete(BAD_PATH);
        }
        repo.write(BAD_PATH + "/base.yaml", Scenario.fileManifest("bad-base", "bad/base.txt", content));
        return new StackDir(stackDir, BAD_PATH);
    }

    /** Sets the content stack {@code good} writes to {@value #COUNTER} (not committed yet). */
    void good(String counter) {
        repo.write(GOOD_PATH + "/counter.yaml", Scenario.fileManifest("good-counter", COUNTER, counter));
    }

    String commit(String message) {
        return repo.commit(message);
    }

    /** The command line, in this JVM, bounded by {@link #COMMAND_TIMEOUT}: a hang fails the test. */
    static Cli.Result cli(String... args) {
        return assertTimeoutPreemptively(COMMAND_TIMEOUT, () -> Cli.run(args),
                () -> "plumbline " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
    }

    Cli.Result validate() {
        return cli("validate", "--config", config().toString());
    }

    /** {@code plumbline apply} of every stack ({@code bad} first), or of the named one. */
    Cli.Result apply(String... stack) {
        return stack.length == 0 ? cli("apply", "--config", config().toString(), "--log-level", "warn")
                : cli("apply", "--config", config().toString(), "--log-level", "warn", "--stack", stack[0]);
    }

    /** What the state store holds now for both stacks, read in one opening of the store. */
    Recorded recorded() {
        try (StateStore store = SqliteStateStore.open(stateDir())) {
            return new Recorded(store.status(BAD).orElse(null), store.status(GOOD).orElse(null),
                    Map.copyOf(store.inventory(BAD)));
        }
    }

    /** The two stacks' statuses (null before their first run) and stack {@code bad}'s inventory. */
    record Recorded(StackStatus bad, StackStatus good, Map<ResourceKey, InventoryEntry> badInventory) {
    }

    /**
     * A config in {@code freshDir} with stack {@code bad} alone, on the same source, with a state store and
     * a files root of its own, both empty: what a first apply of a revision gives, to compare with.
     */
    Path freshConfig(Path freshDir) {
        try {
            Files.createDirectories(freshDir);
            Path config = freshDir.resolve("plumbline.yaml");
            Files.writeString(config, """
                    stateDir: ./state
                    admin:
                      listen: 127.0.0.1:0
                    sources:
                      - name: infra
                        url: %s
                        ref: main
                    providers:
                      - name: local
                        type: files
                        root: ./live
                    secrets:
                      fileRoots: [%s]
                      env: [%s]
                    stacks:
                      - name: bad
                        source: infra
                        path: stacks/bad
                        provider: local
                        sync: { auto: true, prune: true, selfHeal: false, maxPrunePercent: 100 }
                        vars: { env: prod }
                    """.formatted(repo.fileUrl(), dir.resolve("secrets"), GRANTED_ENV), StandardCharsets.UTF_8);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String liveFile(String path) {
        Path file = live().resolve(path);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the repository's work clone (a temporary directory of its own); the rest is under the test's dir. */
    @Override
    public void close() {
        repo.close();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
