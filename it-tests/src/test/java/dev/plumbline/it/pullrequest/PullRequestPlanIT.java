package dev.plumbline.it.pullrequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.agent.Daemon;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.it.fixture.HookDelivery;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.source.git.fixture.GitDaemon;
import dev.plumbline.source.git.fixture.GitRepo;
import dev.plumbline.source.webhook.GitHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request's life, end to end, against a running agent: a real repository served by {@code git daemon}
 * with the host's pull-request ref in it, WireMock standing in for GitHub's API and for a Slack webhook. The
 * pull request is opened (a status per stack and one comment with the plan; nothing applied), pushed to again
 * (the same comment edited), merged (the commit applied, its status {@code success}, a notification sent).
 */
class PullRequestPlanIT {

    @RegisterExtension
    static final GitDaemon git = new GitDaemon();

    private static final String SECRET = "hook-secret-3f9a";
    private static final String TOKEN = "ghp_pr-it-token-0b7c";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final WireMockServer api = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startApi() {
        api.start();
        api.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/repos/acme/infra/statuses/[0-9a-f]{40}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{}")));
        for (int number : new int[] {7, 8}) {
            api.stubFor(get(urlPathEqualTo("/repos/acme/infra/issues/" + number + "/comments"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("[]")));
            api.stubFor(post(urlEqualTo("/repos/acme/infra/issues/" + number + "/comments"))
                    .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                            .withBody("{\"id\": " + (4235 + number) + ", \"body\": \"...\"}")));
        }
        api.stubFor(patch(urlEqualTo("/repos/acme/infra/issues/comments/4242"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": 4242}")));
        api.stubFor(post(urlEqualTo("/slack/T000/B000/XXXX")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterEach
    void stopApi() {
        api.stop();
    }

    @Test
    void openPushMergeShowsThePlanEditsTheCommentAndReportsTheApply() throws Exception {
        try (GitRepo repo = git.repo("infra")) {
            repo.write(Scenario.STACK_PATH + "/motd.yaml", Scenario.fileManifest("motd", "motd", "one"));
            String first = repo.commit("First");
            Path config = writeConfig(git.url("infra"));
            Map<String, String> env = Map.of("HOOK_SECRET", SECRET, "GITHUB_TOKEN", TOKEN,
                    "SLACK_URL", api.baseUrl() + "/slack/T000/B000/XXXX");
            try (Daemon agent = Daemon.start(ConfigLoader.load(config), Clock.systemUTC(), env,
                    Telemetry.fromEnvironment(Map.of()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(live("motd")));
                await().atMost(Duration.ofSeconds(10)).until(() -> statuses(first, "success").size() == 1);
                // pending when the run started, unless the run ended before it was sent (a newer status replaces a
                // queued one): RunReportingTest checks the pending status itself
                assertThat(statuses(first, "pending")).hasSizeLessThanOrEqualTo(1);
                assertThat(statuses(first, "success").get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);

                // opened: a status on the head and one comment with the plan; nothing applied
                repo.write(Scenario.STACK_PATH + "/motd.yaml", Scenario.fileManifest("motd", "motd", "two"));
                String head = repo.commitTo("refs/pull/7/head", "Say two");
                assertThat(hook(agent, pullRequest("opened", head, false), "pr-1")).contains("\"result\":\"accepted\"");
                await().atMost(Duration.ofSeconds(30)).until(() -> statuses(head, "success").size() == 1);
                JsonNode status = body(statuses(head, "success").get(0));
                assertThat(status.path("context").asText()).isEqualTo("plumbline/web");
                assertThat(status.path("description").asText()).isEqualTo("0 to create, 1 to update, 0 to delete");
                await().atMost(Duration.ofSeconds(10)).until(() -> comments(postRequestedFor(
                        urlEqualTo("/repos/acme/infra/issues/7/comments"))).size() == 1);
                String comment = body(comments(postRequestedFor(urlEqualTo("/repos/acme/infra/issues/7/comments")))
                        .get(0)).path("body").asText();
                assertThat(comment).startsWith("<!-- plumbline:plan source=infra -->")
                        .contains("#### Stack `web`: 0 to create, 1 to update", "**update** `File motd`",
                                "`stacks/web/motd.yaml:", "-  content: one", "+  content: two", head.substring(0, 7));
                assertThat(live("motd")).as("a plan applies nothing").isEqualTo("one");

                // pushed again: the same comment, edited
                repo.write(Scenario.STACK_PATH + "/motd.yaml", Scenario.fileManifest("motd", "motd", "three"));
                String second = repo.commitTo("refs/pull/7/head", "Say three");
                assertThat(hook(agent, pullRequest("synchronize", second, false), "pr-2")).contains("accepted");
                await().atMost(Duration.ofSeconds(30)).until(() -> comments(patchRequestedFor(
                        urlEqualTo("/repos/acme/infra/issues/comments/4242"))).size() == 1);
                String edited = body(comments(patchRequestedFor(urlEqualTo("/repos/acme/infra/issues/comments/4242")))
                        .get(0)).path("body").asText();
                assertThat(edited).contains("+  content: three", second.substring(0, 7));
                assertThat(comments(postRequestedFor(urlEqualTo("/repos/acme/infra/issues/7/comments"))))
                        .as("one comment, edited, never a second").hasSize(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> statuses(second, "success").size() == 1);

                // a fork's pull request is not planned without fromForks, and its comment says why
                assertThat(hook(agent, pullRequest(8, "opened", second, true), "pr-fork")).contains("from a fork");
                await().atMost(Duration.ofSeconds(10)).until(() -> comments(postRequestedFor(
                        urlEqualTo("/repos/acme/infra/issues/8/comments"))).size() == 1);
                assertThat(body(comments(postRequestedFor(urlEqualTo("/repos/acme/infra/issues/8/comments"))).get(0))
                        .path("body").asText()).contains("comes from a fork", "fromForks").doesNotContain("#### Stack");

                // merged: the push goes live, its status says so, the team hears of it
                repo.pushBranch();
                assertThat(hook(agent, pullRequest("closed", second, false), "pr-3")).contains("\"ignored\"",
                        "closed");
                HookDelivery push = HookDelivery.push(GitHost.GITHUB, second, "push-1", SECRET);
                assertThat(deliver(agent, push)).contains("\"accepted\"");
                await().atMost(Duration.ofSeconds(30)).until(() -> "three".equals(live("motd")));
                await().atMost(Duration.ofSeconds(10)).until(() -> statuses(second, "success").stream()
                        .anyMatch(request -> body(request).path("description").asText().equals("applied")));
                await().atMost(Duration.ofSeconds(10)).until(() -> slack().size() == 2);
                assertThat(slack().get(0)).contains("web: applied at " + first.substring(0, 7) + " (First)");
                assertThat(slack().get(1)).contains("web: applied at " + second.substring(0, 7) + " (Say three)",
                        "applied (ReconciliationSucceeded)");
                // each applied revision once: no third message follows for half a second
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> slack().size() == 2);
            }
        }
    }

    private Path writeConfig(String url) throws IOException {
        Path config = dir.resolve("plumbline.yaml");
        Files.writeString(config, """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                sources:
                  - name: infra
                    url: %s
                    ref: main
                    interval: 1h
                    webhook: { secretEnv: HOOK_SECRET }
                    host: { type: github, apiUrl: "%s", repository: acme/infra, tokenEnv: GITHUB_TOKEN }
                    pullRequests: { plan: true }
                providers:
                  - { name: local, type: files, root: ./live }
                stacks:
                  - { name: web, source: infra, path: stacks/web, provider: local }
                notifications:
                  - { name: team-chat, type: slack, urlEnv: SLACK_URL, on: [applied, failed, stalled], stacks: [web] }
                """.formatted(url, api.baseUrl()), StandardCharsets.UTF_8);
        return config;
    }

    /** A GitHub {@code pull_request} delivery for pull request 7 (or {@code number}) into main, head {@code sha}. */
    private static byte[] pullRequest(String action, String sha, boolean fork) throws IOException {
        return pullRequest(7, action, sha, fork);
    }

    private static byte[] pullRequest(int number, String action, String sha, boolean fork) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("action", action).put("number", number);
        ObjectNode pr = body.putObject("pull_request");
        pr.put("number", number).put("title", "Say something else").put("state", action.equals("closed") ? "closed" : "open")
                .put("html_url", "https://github.com/acme/infra/pull/7").put("merged", action.equals("closed"));
        pr.putObject("user").put("login", "dev");
        ObjectNode headNode = pr.putObject("head");
        headNode.put("ref", "say-something").put("sha", sha);
        headNode.putObject("repo").put("full_name", fork ? "stranger/infra" : "acme/infra");
        ObjectNode base = pr.putObject("base");
        base.put("ref", "main").put("sha", "0".repeat(39) + "1");
        base.putObject("repo").put("full_name", "acme/infra");
        ObjectNode repository = body.putObject("repository");
        repository.put("full_name", "acme/infra").put("clone_url", "https://github.com/acme/infra.git")
                .put("html_url", "https://github.com/acme/infra");
        return JSON.writeValueAsBytes(body);
    }

    private String hook(Daemon agent, byte[] body, String deliveryId) throws Exception {
        return deliver(agent, HookDelivery.event(GitHost.GITHUB, "pull_request", body, deliveryId, SECRET));
    }

    private String deliver(Daemon agent, HookDelivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agent.url() + "/hooks/infra"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
        return answer.body();
    }

    /** The Slack messages received, oldest first. */
    private List<String> slack() {
        return api.findAll(postRequestedFor(urlEqualTo("/slack/T000/B000/XXXX"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
    }

    private List<LoggedRequest> statuses(String sha, String state) {
        return api.findAll(postRequestedFor(urlEqualTo("/repos/acme/infra/statuses/" + sha))
                .withRequestBody(matchingJsonPath("$.state", equalTo(state))));
    }

    private List<LoggedRequest> comments(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        return api.findAll(pattern);
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String live(String path) throws IOException {
        Path file = dir.resolve("live").resolve(path);
        return Files.exists(file) ? Files.readString(file) : null;
    }
}
