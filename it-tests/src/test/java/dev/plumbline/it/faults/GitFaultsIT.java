package dev.plumbline.it.faults;

import static dev.plumbline.it.faults.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.plumbline.config.SourceConfig;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.TransientException;
import dev.plumbline.source.git.GitMirror;
import dev.plumbline.source.git.fixture.GitRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the Git side, with a real agent following a real server: a remote that goes away and comes
 * back, credentials the server stops accepting, a force-push that rewrites history, the followed branch
 * deleted, a manifest over the 10 MiB limit, a submodule in the stack path. Whatever happens the agent
 * stays up, what was applied last stays applied, and it follows the source again once the fault is gone.
 */
class GitFaultsIT {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String FETCH_FAILURES = "plumbline_git_fetch_failures_total";

    @TempDir
    Path dir;

    private RestartableGitDaemon daemon;
    private SmartHttpGit http;
    private FaultAgent agent;
    private final List<GitRepo> repos = new ArrayList<>();

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        repos.forEach(GitRepo::close);
        if (daemon != null) {
            daemon.close();
        }
        if (http != null) {
            http.close();
        }
    }

    // (a) an unreachable remote

    @Test
    void anUnreachableRemoteLeavesTheLiveStateAloneAndIsFollowedAgainWhenItIsBack() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .write("stacks/web/app.yaml", Scenario.fileManifest("app", "app/config.ini", "port=80"))
                .commit("v1");
        start(daemon.url("infra"), "main");
        awaitApplied(first);

        daemon.stop();
        String second = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v2"))
                .delete("stacks/web/app.yaml").commit("v2, pushed while the server is down");
        awaitFailedFetches(3);

        assertThat(agent.healthz()).isEqualTo(200);
        assertThat(live("motd.txt")).isEqualTo("hello v1");
        assertThat(live("app/config.ini")).as("nothing is pruned while the source is away").isEqualTo("port=80");
        assertThat(agent.requireStatus("web").lastAppliedRevision()).isEqualTo(first);

        daemon.start();
        awaitApplied(second);
        assertThat(live("motd.txt")).isEqualTo("hello v2");
        assertThat(live("app/config.ini")).isNull();
    }

    @Test
    void anUnreachableRemoteShowsAsWaitingWithFetchFailed() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .commit("v1");
        start(daemon.url("infra"), "main");
        awaitApplied(first);

        daemon.stop();

        await().atMost(CONVERGE).until(() -> agent.is("web", "Waiting", "FetchFailed"));
        StackStatus waiting = agent.requireStatus("web");
        assertThat(waiting.message()).startsWith("cannot fetch source 'infra' from " + daemon.url("infra"))
                .contains("cannot connect").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(waiting.lastAppliedRevision()).isEqualTo(first);
        assertThat(agent.apiStack("web")).contains("\"reason\":\"FetchFailed\"");
        assertThat(live("motd.txt")).isEqualTo("hello v1");

        daemon.start();
        await().atMost(CONVERGE).until(() -> agent.is("web", "Ready", "ReconciliationSucceeded"));
    }

    // (b) credentials the server refuses

    @Test
    void refusedCredentialsLeaveTheLiveStateAloneAndAreToldInOneSentenceWithoutTheToken() throws Exception {
        String token = "tok-" + Long.toHexString(System.nanoTime()) + "-a1b2c3";
        GitRepo repo = repo(dir.resolve("http"));
        http = SmartHttpGit.start(dir.resolve("http"), "bot", token);
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .commit("v1");
        start(http.url("infra", token), "main");
        awaitApplied(first);

        http.acceptPassword("rotated-" + token); // the agent's token is revoked
        String second = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v2"))
                .commit("v2");
        awaitFailedFetches(2);

        assertThat(agent.healthz()).isEqualTo(200);
        assertThat(live("motd.txt")).isEqualTo("hello v1");
        assertThat(agent.requireStatus("web").lastAppliedRevision()).isEqualTo(first);
        // what a fetch with the revoked token says: one sentence naming the cause, no token, no stack trace
        try (GitMirror probe = GitMirror.open(new SourceConfig("infra", http.url("infra", token), "main", null,
                Location.file("plumbline.yaml")), dir.resolve("probe"))) {
            TransientException refused = catchThrowableOfType(TransientException.class, probe::fetch);
            assertThat(refused.reason()).isEqualTo("FetchFailed");
            assertThat(refused.getMessage()).startsWith("cannot fetch source 'infra' from http://***@127.0.0.1:")
                    .endsWith(": the server refused the credentials in the URL (HTTP 401 Unauthorized)")
                    .doesNotContain(token).doesNotContain("bot:").doesNotContain("CredentialsProvider");
        }
        assertNoFileUnder(dir.resolve("state"), token);

        http.acceptPassword(token);
        awaitApplied(second);
        assertThat(live("motd.txt")).isEqualTo("hello v2");
    }

    @Test
    void refusedCredentialsShowAsWaitingWithFetchFailed() throws Exception {
        String token = "tok-" + Long.toHexString(System.nanoTime()) + "-d4e5f6";
        GitRepo repo = repo(dir.resolve("http"));
        http = SmartHttpGit.start(dir.resolve("http"), "bot", token);
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .commit("v1");
        start(http.url("infra", token), "main");
        awaitApplied(first);

        http.acceptPassword("rotated-" + token);

        await().atMost(CONVERGE).until(() -> agent.is("web", "Waiting", "FetchFailed"));
        assertThat(agent.requireStatus("web").message()).contains("refused the credentials in the URL")
                .doesNotContain(token).doesNotContain("\tat ").doesNotContain("Exception");
    }

    // (c) a force-push that rewrites history

    @Test
    void aForcePushOfAnUnrelatedHistoryIsFollowedAndReplacesTheProvenance() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/a.yaml", Scenario.fileManifest("a", "a.txt", "a v1"))
                .write("stacks/web/b.yaml", Scenario.fileManifest("b", "b.txt", "b v1"))
                .commit("v1");
        start(daemon.url("infra"), "main");
        awaitApplied(first);
        assertThat(record("a.txt")).contains("revision: " + first);

        Path rewrite = Files.createDirectories(dir.resolve("rewrite"));
        git(rewrite, "init", "-q");
        write(rewrite.resolve("stacks/web/a.yaml"), Scenario.fileManifest("a", "a.txt", "a rewritten"));
        write(rewrite.resolve("stacks/web/c.yaml"), Scenario.fileManifest("c", "c.txt", "c new"));
        git(rewrite, "add", "-A");
        git(rewrite, "commit", "-q", "-m", "A history of its own");
        String rewritten = git(rewrite, "rev-parse", "HEAD");
        git(rewrite, "push", "-q", "--force", daemon.url("infra"), "main:main");
        assertThat(repo.head()).isEqualTo(rewritten);

        awaitApplied(rewritten);
        assertThat(live("a.txt")).isEqualTo("a rewritten");
        assertThat(live("b.txt")).as("pruned: the new history has no b").isNull();
        assertThat(live("c.txt")).isEqualTo("c new");
        assertThat(record("a.txt")).contains("revision: " + rewritten);
        assertThat(record("c.txt")).contains("revision: " + rewritten);
        assertThat(record("b.txt")).isNull();
        assertThat(ledgerText()).doesNotContain(first);
        assertThat(agent.history("web").get(0)).satisfies(run -> {
            assertThat(run.revision()).isEqualTo(rewritten);
            assertThat(run.result()).isEqualTo("applied");
        });
    }

    // (d) the followed branch deleted

    @Test
    void aDeletedBranchLeavesTheLastAppliedStateAndPrunesNothing() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .write("stacks/web/app.yaml", Scenario.fileManifest("app", "app/config.ini", "port=80"))
                .commit("v1");
        git(repo.workDir(), "push", "-q", daemon.url("infra"), "main:release");
        start(daemon.url("infra"), "release");
        awaitApplied(first);
        String ledgerBefore = ledgerText();

        git(repo.workDir(), "push", "-q", daemon.url("infra"), ":release");
        awaitFailedFetches(3);

        assertThat(agent.healthz()).isEqualTo(200);
        assertThat(live("motd.txt")).isEqualTo("hello v1");
        assertThat(live("app/config.ini")).isEqualTo("port=80");
        assertThat(ledgerText()).isEqualTo(ledgerBefore);
        assertThat(agent.requireStatus("web").lastAppliedRevision()).isEqualTo(first);
        assertThat(agent.history("web")).noneMatch(run -> run.deleted() > 0);

        String second = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v2"))
                .commit("v2");
        git(repo.workDir(), "push", "-q", daemon.url("infra"), "main:release");
        awaitApplied(second);
        assertThat(live("motd.txt")).isEqualTo("hello v2");
        assertThat(live("app/config.ini")).isEqualTo("port=80");
    }

    @Test
    void aDeletedBranchShowsInTheStatus() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .commit("v1");
        git(repo.workDir(), "push", "-q", daemon.url("infra"), "main:release");
        start(daemon.url("infra"), "release");
        awaitApplied(first);

        git(repo.workDir(), "push", "-q", daemon.url("infra"), ":release");

        await().atMost(CONVERGE).until(() -> agent.status("web")
                .map(s -> s.reason().equals("RevisionNotFound") && !s.condition().equals("Ready")).orElse(false));
        assertThat(agent.requireStatus("web").message()).contains("'release'").doesNotContain("Exception");
        assertThat(agent.requireStatus("web").lastAppliedRevision()).isEqualTo(first);
    }

    // (e) a manifest over the 10 MiB limit

    @Test
    void aManifestOverTheSizeLimitStallsTheStackNamingTheFileAndAppliesNothing() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .commit("v1");
        start(daemon.url("infra"), "main");
        awaitApplied(first);

        String huge = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v2"))
                .write("stacks/web/huge.yaml", hugeYaml(11 * 1024 * 1024))
                .commit("v2 with an 11 MiB manifest");

        await().atMost(CONVERGE).until(() -> agent.is("web", "Stalled", "RenderFailed"));
        StackStatus stalled = agent.requireStatus("web");
        assertThat(stalled.message()).contains("stacks/web/huge.yaml: this file is").contains("(4 MiB)")
                .doesNotContain("Exception");
        assertThat(stalled.lastAttemptedRevision()).isEqualTo(huge);
        assertThat(stalled.lastAppliedRevision()).isEqualTo(first);
        assertThat(live("motd.txt")).as("nothing of the commit is applied").isEqualTo("hello v1");
        RunRecord failed = agent.history("web").get(0);
        assertThat(failed.revision()).isEqualTo(huge);
        assertThat(failed.result()).isEqualTo("failed");
        assertThat(failed.reason()).isEqualTo("RenderFailed");
        assertThat(agent.apiStack("web")).contains("\"type\":\"Stalled\",\"status\":\"True\",\"reason\":\"RenderFailed\"");
        assertThat(agent.healthz()).isEqualTo(200);

        String fixed = repo.delete("stacks/web/huge.yaml").commit("drop the huge manifest");
        awaitApplied(fixed);
        assertThat(live("motd.txt")).isEqualTo("hello v2");
    }

    // (f) a submodule in the stack path

    @Test
    void aSubmoduleInTheStackPathIsLeftOutAndAStackPathThatBecameOneIsReported() throws Exception {
        GitRepo repo = served();
        String first = repo.write("stacks/web/motd.yaml", Scenario.fileManifest("motd", "motd.txt", "hello v1"))
                .write("stacks/vendored/tool.yaml", Scenario.fileManifest("tool", "tool.conf", "tool v1"))
                .commit("v1");
        start(daemon.url("infra"), "main", """
                  - name: vendored
                    source: infra
                    path: stacks/vendored
                    provider: local
                    sync: { auto: true, prune: true, selfHeal: true }
                    driftInterval: 1s
                """);
        awaitApplied(first);
        await().atMost(CONVERGE).until(() -> agent.is("vendored", "Ready", "ReconciliationSucceeded"));

        Path work = repo.workDir();
        String elsewhere = "0123456789abcdef0123456789abcdef01234567"; // a commit of another repository
        write(work.resolve(".gitmodules"), """
                [submodule "vendor"]
                \tpath = stacks/web/vendor
                \turl = https://git.example.org/vendor.git
                [submodule "charts"]
                \tpath = stacks/web/charts.yaml
                \turl = https://git.example.org/charts.git
                [submodule "tool"]
                \tpath = stacks/vendored
                \turl = https://git.example.org/tool.git
                """);
        write(work.resolve("stacks/web/extra.yaml"), Scenario.fileManifest("extra", "extra.txt", "extra"));
        git(work, "rm", "-r", "-q", "stacks/vendored");
        git(work, "update-index", "--add", "--cacheinfo", "160000," + elsewhere + ",stacks/web/vendor");
        git(work, "update-index", "--add", "--cacheinfo", "160000," + elsewhere + ",stacks/web/charts.yaml");
        git(work, "update-index", "--add", "--cacheinfo", "160000," + elsewhere + ",stacks/vendored");
        git(work, "add", ".gitmodules", "stacks/web/extra.yaml");
        git(work, "commit", "-q", "-m", "Vendor three submodules, one of them a whole stack");
        String withSubmodules = git(work, "rev-parse", "HEAD");
        git(work, "push", "-q", "origin", "main:main");
        assertThat(git(repo.bareDir(), "ls-tree", withSubmodules, "stacks/web/")).contains("160000 commit");

        awaitApplied(withSubmodules);
        assertThat(live("extra.txt")).isEqualTo("extra");
        assertThat(live("motd.txt")).isEqualTo("hello v1");
        assertThat(agent.history("web").get(0).created()).isEqualTo(1);
        // a stack whose whole path became a submodule has no manifests in this repository: said, not pruned
        await().atMost(CONVERGE).until(() -> agent.is("vendored", "Stalled", "PathNotFound"));
        assertThat(agent.requireStatus("vendored").message()).contains("path 'stacks/vendored' is not a directory")
                .doesNotContain("Exception");
        assertThat(agent.requireStatus("vendored").lastAppliedRevision()).isEqualTo(first);
        assertThat(live("tool.conf")).isEqualTo("tool v1");
        assertThat(agent.healthz()).isEqualTo(200);
    }

    // helpers

    /** A repository served by a git daemon of this test that can be stopped and started again. */
    private GitRepo served() {
        daemon = RestartableGitDaemon.start(dir.resolve("git"));
        GitRepo repo = daemon.repo("infra");
        repos.add(repo);
        return repo;
    }

    /** A repository {@code <parent>/infra.git}, closed (its work clone deleted) after the test. */
    private GitRepo repo(Path parent) {
        GitRepo repo = GitRepo.create(parent, "infra");
        repos.add(repo);
        return repo;
    }

    private void start(String url, String ref) {
        start(url, ref, "");
    }

    /** Starts the agent on stack web (and {@code moreStacks}, YAML list items) over {@code url} at {@code ref}. */
    private void start(String url, String ref, String moreStacks) {
        try {
            Files.createDirectories(dir.resolve("live"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent = FaultAgent.start(dir, """
                sources:
                  - { name: infra, url: "%s", ref: %s, interval: 1s }
                providers:
                  - { name: local, type: files, root: ./live }
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: local
                    sync: { auto: true, prune: true, selfHeal: true }
                    driftInterval: 1s
                %s""".formatted(url, ref, moreStacks));
    }

    private void awaitApplied(String sha) {
        await("stack web Ready at " + sha).atMost(CONVERGE).until(() -> agent.status("web")
                .map(s -> s.condition().equals("Ready") && sha.equals(s.lastAppliedRevision())).orElse(false));
    }

    /** Waits until {@code count} more fetches of source infra failed than had when it was called. */
    private void awaitFailedFetches(int count) {
        double before = agent.metric(FETCH_FAILURES, "source=\"infra\"");
        await(count + " more failed fetches").atMost(CONVERGE)
                .until(() -> agent.metric(FETCH_FAILURES, "source=\"infra\"") >= before + count);
    }

    private String live(String path) throws IOException {
        Path file = dir.resolve("live").resolve(path);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    /** The ownership record of a managed file, or null. */
    private String record(String path) throws IOException {
        Path file = dir.resolve("live/.plumbline/stacks/web").resolve(path + ".yaml");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    /** Every record of stack web, in path order, as one text. */
    private String ledgerText() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("live/.plumbline/stacks/web"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                text.append(file.getFileName()).append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** A YAML file of comments only, {@code bytes} long. */
    private static String hugeYaml(int bytes) {
        String line = "# " + "x".repeat(1021) + "\n";
        return line.repeat(bytes / line.length() + 1);
    }

    private static void assertNoFileUnder(Path root, String secret) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as("%s holds no credential", file).doesNotContain(secret);
            }
        }
    }
}
