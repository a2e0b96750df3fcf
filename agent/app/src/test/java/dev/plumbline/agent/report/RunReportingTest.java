package dev.plumbline.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.agent.githost.CommitStatus;
import dev.plumbline.agent.githost.GitHostApi;
import dev.plumbline.agent.githost.GitHostPoster;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.RunReport;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.port.ReconcileListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit statuses runs post: pending once per revision, then what the run's end says; none for drift checks. */
class RunReportingTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private final List<String> posted = new CopyOnWriteArrayList<>();

    private RunReporting reporting(GitHostPoster poster) throws IOException {
        AgentConfig config = ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                sources:
                  - name: infra
                    url: https://github.com/acme/infra.git
                    host: { type: github, repository: acme/infra, tokenEnv: T }
                providers:
                  - { name: local, type: files, root: ./live }
                stacks:
                  - { name: web, source: infra, provider: local }
                """));
        return new RunReporting(ReconcileListener.none(), config, Map.of("infra", poster), Optional.empty(),
                (source, sha) -> Optional.empty());
    }

    private GitHostPoster poster() {
        return new GitHostPoster("infra", new GitHostApi() {
            @Override
            public void postStatus(String sha, CommitStatus status) {
                posted.add(sha.substring(0, 7) + " " + status.context() + " " + status.state() + " "
                        + status.description() + " " + status.targetUrl().orElse("-"));
            }

            @Override
            public void upsertComment(long pullRequest, String marker, String body) {
                throw new AssertionError("no comment after a merge");
            }
        }, (source, call, result) -> { });
    }

    /**
     * One run; the poster is let to post the run's pending status before the run ends (a status still queued
     * when a newer one for the same commit and context comes is replaced by it, as a run's quick end would).
     */
    private static void run(RunReporting reporting, GitHostPoster poster, Trigger trigger, ReconcileOutcome outcome) {
        try (ReconcileListener.RunScope run = reporting.started("web", trigger)) {
            run.revision(SHA);
            poster.awaitIdle(Duration.ofSeconds(5));
            run.finished(new RunReport("web", trigger, outcome, Instant.EPOCH, Instant.EPOCH, 0, Optional.empty(),
                    false, 0));
        }
    }

    @Test
    void pendingThenTheEndOfEachRunAndNothingForADriftCheck() throws IOException {
        try (GitHostPoster poster = poster()) {
            RunReporting reporting = reporting(poster);

            run(reporting, poster, Trigger.WEBHOOK, ReconcileOutcome.waiting(SHA, "ProviderUnavailable", "the target is down",
                    Duration.ofSeconds(5)));
            poster.awaitIdle(Duration.ofSeconds(5));
            run(reporting, poster, Trigger.RETRY, ReconcileOutcome.applied(SHA, "1 updated"));
            poster.awaitIdle(Duration.ofSeconds(5));
            run(reporting, poster, Trigger.DRIFT, ReconcileOutcome.stalled(SHA, "ValidationFailed", "no"));
            poster.awaitIdle(Duration.ofSeconds(5));

            assertThat(posted).containsExactly(
                    "0123456 plumbline/web PENDING applying to live https://github.com/acme/infra/commit/" + SHA,
                    "0123456 plumbline/web FAILURE ProviderUnavailable: the target is down -",
                    "0123456 plumbline/web SUCCESS applied -");
        }
    }

    @Test
    void eachEndMapsToAStatusAndAnEvent() {
        assertThat(RunReporting.status("web", ReconcileOutcome.abandoned(SHA))).isEmpty();
        assertThat(RunReporting.event(ReconcileOutcome.Result.UNCHANGED)).isEmpty();
        assertThat(RunReporting.event(ReconcileOutcome.Result.WAITING)).hasValueSatisfying(event ->
                assertThat(event.word()).isEqualTo("failed"));
        assertThat(RunReporting.event(ReconcileOutcome.Result.STALLED)).hasValueSatisfying(event ->
                assertThat(event.word()).isEqualTo("stalled"));
        assertThat(RunReporting.event(ReconcileOutcome.Result.DRIFTED)).hasValueSatisfying(event ->
                assertThat(event.word()).isEqualTo("drifted"));
    }
}
