package dev.plumbline.agent.githost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.config.GitHostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous front: queueing, coalescing, retrying and counting, with WireMock as GitHub. */
class GitHostPosterTest extends HostMockTest {

    private static final String STATUSES = "/repos/acme/infra/statuses/";
    private static final String OTHER_SHA = "fedcba9876543210fedcba9876543210fedcba98";

    private final List<String> counted = Collections.synchronizedList(new ArrayList<>());
    private final List<GitHostPoster> posters = new ArrayList<>();

    private GitHostPoster poster(GitHostApi api) {
        GitHostPoster poster = new GitHostPoster("infra", api,
                (source, call, result) -> counted.add(source + " " + call + " " + result), 3, Duration.ofMillis(20));
        posters.add(poster);
        return poster;
    }

    private GitHostPoster poster() {
        return poster(api(GitHostConfig.Type.GITHUB, "", "acme/infra"));
    }

    @AfterEach
    void closePosters() {
        posters.forEach(GitHostPoster::close);
    }

    private static CommitStatus status(CommitStatus.State state, String description) {
        return new CommitStatus("plumbline/infra", state, description, Optional.empty());
    }

    @Test
    void aTransientFailureIsTriedAgainAndCounted() {
        server.stubFor(post(urlEqualTo(STATUSES + SHA)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(502).withBody("Bad Gateway")).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo(STATUSES + SHA)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(jsonAnswer(201, Map.of("id", 1))));
        GitHostPoster poster = poster();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.awaitIdle(Duration.ofSeconds(10));

        server.verify(2, postRequestedFor(urlEqualTo(STATUSES + SHA)));
        assertThat(counted).containsExactly("infra status retried", "infra status ok");
    }

    @Test
    void aRefusalIsNotTriedAgain() {
        server.stubFor(post(urlEqualTo(STATUSES + SHA)).willReturn(jsonAnswer(422,
                Map.of("message", "Validation Failed"))));
        GitHostPoster poster = poster();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.awaitIdle(Duration.ofSeconds(10));

        server.verify(1, postRequestedFor(urlEqualTo(STATUSES + SHA)));
        assertThat(counted).containsExactly("infra status failed");
    }

    @Test
    void aCallThatKeepsFailingIsGivenUpAfterItsTries() {
        server.stubFor(post(urlEqualTo(STATUSES + SHA)).willReturn(aResponse().withStatus(503)));
        GitHostPoster poster = poster();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.awaitIdle(Duration.ofSeconds(10));

        server.verify(3, postRequestedFor(urlEqualTo(STATUSES + SHA)));
        assertThat(counted).containsExactly("infra status retried", "infra status retried", "infra status failed");
    }

    @Test
    void aStatusTheSameAsTheLastSentIsNotSentAgain() {
        server.stubFor(post(urlPathMatching(STATUSES + ".*")).willReturn(jsonAnswer(201, Map.of("id", 1))));
        GitHostPoster poster = poster();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.awaitIdle(Duration.ofSeconds(10));
        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.awaitIdle(Duration.ofSeconds(10));
        poster.status(OTHER_SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.status(SHA, status(CommitStatus.State.PENDING, "planning again"));
        poster.awaitIdle(Duration.ofSeconds(10));

        server.verify(1, postRequestedFor(urlEqualTo(STATUSES + SHA)).withRequestBody(equalToJson(json(Map.of(
                "state", "pending", "context", "plumbline/infra", "description", "planning")))));
        server.verify(1, postRequestedFor(urlEqualTo(STATUSES + SHA)).withRequestBody(equalToJson(json(Map.of(
                "state", "pending", "context", "plumbline/infra", "description", "planning again")))));
        server.verify(1, postRequestedFor(urlEqualTo(STATUSES + OTHER_SHA)));
        assertThat(counted).containsExactly("infra status ok", "infra status ok", "infra status ok");
    }

    /** An API whose first call waits for {@link #release}, recording every call. */
    private static final class HeldApi implements GitHostApi {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        private void hold() {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void postStatus(String sha, CommitStatus status) {
            calls.add(sha + " " + status.context() + " " + status.state() + " " + status.description());
            hold();
        }

        @Override
        public void upsertComment(long pullRequest, String marker, String body) {
            calls.add("#" + pullRequest + " " + body);
            hold();
        }
    }

    @Test
    void aNewerStatusOrCommentReplacesTheQueuedOne() throws InterruptedException {
        HeldApi api = new HeldApi();
        GitHostPoster poster = poster(api);
        poster.status(OTHER_SHA, status(CommitStatus.State.PENDING, "planning"));
        assertThat(api.started.await(5, TimeUnit.SECONDS)).isTrue();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.comment(7, MARKER, MARKER + " plan 1");
        poster.status(SHA, new CommitStatus("plumbline/other", CommitStatus.State.PENDING, "planning",
                Optional.empty()));
        poster.status(SHA, status(CommitStatus.State.SUCCESS, "applied"));
        poster.comment(7, MARKER, MARKER + " plan 2");
        poster.comment(8, MARKER, MARKER + " plan for 8");
        api.release.countDown();
        poster.awaitIdle(Duration.ofSeconds(10));

        assertThat(api.calls).containsExactly(
                OTHER_SHA + " plumbline/infra PENDING planning",
                SHA + " plumbline/infra SUCCESS applied",
                "#7 " + MARKER + " plan 2",
                SHA + " plumbline/other PENDING planning",
                "#8 " + MARKER + " plan for 8");
        assertThat(counted).hasSize(5).containsOnly("infra status ok", "infra comment ok");
    }

    @Test
    void theCallerNeverWaitsForTheHost() {
        // a host that takes 2 s to answer each status
        server.stubFor(post(urlPathMatching(STATUSES + ".*")).willReturn(jsonAnswer(201, Map.of("id", 1))
                .withFixedDelay(2000)));
        server.stubFor(get(urlPathMatching(".*/comments")).willReturn(jsonAnswer(200, List.of())));
        server.stubFor(post(urlPathMatching(".*/comments")).willReturn(jsonAnswer(201, comment(1, BODY))));
        GitHostPoster poster = poster();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.comment(7, MARKER, BODY);
        poster.status(OTHER_SHA, status(CommitStatus.State.PENDING, "planning"));

        // the calls returned while the host still holds the first answer: nothing is counted yet
        assertThat(counted).isEmpty();
        poster.awaitIdle(Duration.ofSeconds(10));
        assertThat(counted).containsExactly("infra status ok", "infra comment ok", "infra status ok");
    }

    @Test
    void oneDaemonWorkerPerPosterIsNamedForItsSource() {
        server.stubFor(post(urlPathMatching(STATUSES + ".*")).willReturn(jsonAnswer(201, Map.of("id", 1))));
        GitHostPoster poster = poster();

        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.awaitIdle(Duration.ofSeconds(10));

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("plumbline-githost-infra"))
                .singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
    }

    @Test
    void closingLetsTheQueueDrainThenStopsTheWorker() {
        server.stubFor(post(urlPathMatching(STATUSES + ".*")).willReturn(jsonAnswer(201, Map.of("id", 1))
                .withFixedDelay(200)));
        GitHostPoster poster = poster();
        poster.status(SHA, status(CommitStatus.State.PENDING, "planning"));
        poster.status(OTHER_SHA, status(CommitStatus.State.PENDING, "planning"));

        poster.close();

        server.verify(1, postRequestedFor(urlEqualTo(STATUSES + SHA)));
        server.verify(1, postRequestedFor(urlEqualTo(STATUSES + OTHER_SHA)));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("plumbline-githost-infra")
                && t.isAlive());
        poster.status(SHA, status(CommitStatus.State.SUCCESS, "applied"));
        server.verify(0, postRequestedFor(urlEqualTo(STATUSES + SHA)).withRequestBody(equalToJson(json(Map.of(
                "state", "success", "context", "plumbline/infra", "description", "applied")))));
    }
}
