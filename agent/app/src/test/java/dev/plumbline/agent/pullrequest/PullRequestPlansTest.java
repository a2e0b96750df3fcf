package dev.plumbline.agent.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.Workspace;
import dev.plumbline.agent.githost.CommitStatus;
import dev.plumbline.agent.githost.GitHostApi;
import dev.plumbline.agent.githost.GitHostPoster;
import dev.plumbline.agent.telemetry.AgentMetrics;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.source.git.fixture.GitRepo;
import dev.plumbline.source.webhook.GitHost;
import dev.plumbline.source.webhook.PullRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans of pull requests over a real repository (with the host's pull-request ref in it), the files provider
 * and the embedded state store, with a Git host API that records what it is asked to post: statuses per stack,
 * one comment, nothing applied, no secret read for a fork.
 */
class PullRequestPlansTest {

    @TempDir
    Path dir;

    private GitRepo repo;
    private Workspace workspace;
    private GitHostPoster poster;
    private PullRequestPlans plans;
    private final Recorded recorded = new Recorded();

    /** What the host was asked: statuses by head, and the comment bodies in order. */
    private static final class Recorded implements GitHostApi {
        final List<String[]> statuses = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();

        @Override
        public void postStatus(String sha, CommitStatus status) {
            statuses.add(new String[] {sha, status.context(), status.state().name(), status.description()});
        }

        @Override
        public void upsertComment(long pullRequest, String marker, String body) {
            assertThat(body).startsWith(marker);
            comments.add(pullRequest + ":" + body);
        }

        List<String> statusesOf(String sha) {
            return statuses.stream().filter(s -> s[0].equals(sha)).map(s -> s[1] + " " + s[2] + " " + s[3]).toList();
        }
    }

    @AfterEach
    void close() {
        if (plans != null) {
            plans.close();
        }
        if (poster != null) {
            poster.close();
        }
        if (workspace != null) {
            workspace.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    private void open(boolean fromForks, Map<String, String> environment) throws IOException {
        Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                sources:
                  - name: infra
                    url: %s
                    ref: main
                    webhook: { secretEnv: HOOK }
                    host: { type: github, apiUrl: "http://127.0.0.1:9", repository: acme/infra, tokenEnv: TOKEN }
                    pullRequests: { plan: true, fromForks: %s }
                providers:
                  - { name: local, type: files, root: ./live }
                secrets:
                  env: [MOTD_SECRET]
                stacks:
                  - { name: web, source: infra, path: stacks/web, provider: local }
                  - { name: db, source: infra, path: stacks/db, provider: local }
                """.formatted(repo.fileUrl(), fromForks));
        workspace = Workspace.open(ConfigLoader.load(config), AgentMetrics.prometheus(), environment);
        poster = new GitHostPoster("infra", recorded, (source, call, result) -> { });
        plans = new PullRequestPlans(workspace, Clock.systemUTC(), Map.of("infra", poster), Duration.ofMillis(10));
    }

    private static String file(String name, String content) {
        return """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: %s
                spec:
                  path: %s
                  content: "%s"
                """.formatted(name, name, content);
    }

    private static PullRequest pr(long number, PullRequest.Action action, String head, boolean fork) {
        return new PullRequest(GitHost.GITHUB, "d-" + number + "-" + head, "acme/infra",
                List.of("https://github.com/acme/infra.git"), number, action, "refs/heads/main", head,
                "refs/heads/change", fork ? Optional.of("stranger/infra") : Optional.empty(), fork, "Change", "", "dev");
    }

    private void awaitComments(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded.comments.size() >= count);
        poster.awaitIdle(Duration.ofSeconds(5));
    }

    @Test
    void aPullRequestGetsAStatusPerStackAndOneCommentAndNothingIsApplied() throws IOException {
        repo = GitRepo.create(dir, "infra");
        repo.write("stacks/web/motd.yaml", file("motd", "one")).write("stacks/db/db.yaml", file("db", "x")).commit("base");
        open(false, Map.of());
        repo.write("stacks/web/motd.yaml", file("motd", "two"));
        String head = repo.commitTo("refs/pull/7/head", "Say two");

        PullRequestPlans.Answer answer = plans.accept("infra", pr(7, PullRequest.Action.OPENED, head, false), true);
        awaitComments(1);

        assertThat(answer.accepted()).isTrue();
        // per stack: its plan's status last, after its pending one unless the plan ended before that was sent (a
        // newer status for the same commit and context replaces a queued one, where it stood in the queue)
        List<String> statuses = recorded.statusesOf(head);
        for (String stack : List.of("web", "db")) {
            List<String> own = statuses.stream().filter(status -> status.startsWith("plumbline/" + stack + " ")).toList();
            assertThat(own).last().isEqualTo("plumbline/" + stack + " SUCCESS 1 to create, 0 to update, 0 to delete");
            assertThat(own.subList(0, own.size() - 1)).allSatisfy(status -> assertThat(status)
                    .isEqualTo("plumbline/" + stack + " PENDING planning against live state"));
        }
        String comment = recorded.comments.get(0);
        assertThat(comment).startsWith("7:<!-- plumbline:plan source=infra -->")
                .contains("### Plumbline plan for #7 at `" + head.substring(0, 7) + "`", "Say two",
                        "#### Stack `web`: 1 to create", "**create** `File motd` at `stacks/web/motd.yaml:",
                        "+  content: two", "nothing was applied", "plumbline plan --revision " + head);
        assertThat(dir.resolve("live")).doesNotExist();
        assertThat(repo.head()).isNotEqualTo(head);

        // the same head again (a redelivery, an edit of the title) plans nothing new
        plans.accept("infra", pr(7, PullRequest.Action.SYNCHRONIZED, head, false), true);
        repo.write("stacks/web/motd.yaml", file("motd", "three"));
        String next = repo.commitTo("refs/pull/7/head", "Say three");
        plans.accept("infra", pr(7, PullRequest.Action.SYNCHRONIZED, next, false), true);
        awaitComments(2);
        assertThat(recorded.comments).hasSize(2);
        assertThat(recorded.comments.get(1)).contains("content: three", next.substring(0, 7));
    }

    @Test
    void aHeadThatDoesNotRenderFailsItsStackWithTheFirstProblemsPlace() throws IOException {
        repo = GitRepo.create(dir, "infra");
        repo.write("stacks/web/motd.yaml", file("motd", "one")).write("stacks/db/db.yaml", file("db", "x")).commit("base");
        open(false, Map.of());
        repo.write("stacks/web/motd.yaml", "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: [broken\n");
        String head = repo.commitTo("refs/pull/3/head", "Break web");

        plans.accept("infra", pr(3, PullRequest.Action.OPENED, head, false), true);
        awaitComments(1);

        assertThat(recorded.statusesOf(head)).anySatisfy(status -> assertThat(status)
                .startsWith("plumbline/web FAILURE RenderFailed: stacks/web/motd.yaml:"));
        assertThat(recorded.statusesOf(head)).contains("plumbline/db SUCCESS 1 to create, 0 to update, 0 to delete");
        assertThat(recorded.comments.get(0)).contains("#### Stack `web`: :x: cannot be planned (RenderFailed)",
                "- `stacks/web/motd.yaml:");
    }

    @Test
    void closedOtherTargetsAndForksAreNotPlanned() throws IOException {
        repo = GitRepo.create(dir, "infra");
        repo.write("stacks/web/motd.yaml", file("motd", "one")).commit("base");
        open(false, Map.of());
        String head = repo.commitTo("refs/pull/5/head", "Same again");

        assertThat(plans.accept("infra", pr(5, PullRequest.Action.OPENED, head, false), false).reason())
                .contains("targets refs/heads/main, which source 'infra' does not follow");
        assertThat(plans.accept("infra", pr(5, PullRequest.Action.CLOSED, head, false), true).reason())
                .contains("closed");
        assertThat(plans.accept("infra", pr(5, PullRequest.Action.OTHER, head, false), true).accepted()).isFalse();
        PullRequestPlans.Answer fork = plans.accept("infra", pr(6, PullRequest.Action.OPENED, head, true), true);
        awaitComments(1);

        assertThat(fork.accepted()).isFalse();
        assertThat(fork.reason()).contains("from a fork", "fromForks is false");
        assertThat(recorded.comments).singleElement().asString().startsWith("6:")
                .contains("comes from a fork", "fromForks").doesNotContain("#### Stack");
        assertThat(recorded.statuses).isEmpty();
    }

    @Test
    void aForksPlanNeverReadsASecretWhereTheBranchesPlanDoes() throws IOException {
        repo = GitRepo.create(dir, "infra");
        repo.write("stacks/web/motd.yaml", file("motd", "${secret:env:MOTD_SECRET}")).commit("base");
        Files.createDirectories(dir.resolve("live"));
        Files.writeString(dir.resolve("live/motd"), "hunter2");
        open(true, Map.of("MOTD_SECRET", "hunter2"));
        repo.write("stacks/db/db.yaml", file("db", "x"));
        String head = repo.commitTo("refs/pull/9/head", "Add db");

        plans.accept("infra", pr(9, PullRequest.Action.OPENED, head, false), true);
        awaitComments(1);
        String forkHead = repo.commitTo("refs/pull/10/head", "Add db, from a fork");
        plans.accept("infra", pr(10, PullRequest.Action.OPENED, forkHead, true), true);
        awaitComments(2);

        // the branch's plan read the secret: the live file already holds it, so motd only gets adopted
        String branch = recorded.comments.stream().filter(c -> c.startsWith("9:")).findFirst().orElseThrow();
        String fork = recorded.comments.stream().filter(c -> c.startsWith("10:")).findFirst().orElseThrow();
        assertThat(branch).doesNotContain("hunter2").doesNotContain("spec.content` changed");
        assertThat(fork).doesNotContain("hunter2").contains("`spec.content` changed (sensitive)",
                "secret references were not read");
    }
}
