package dev.plumbline.it.pullrequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each Git host's pull request, end to end: the host's pull-request delivery (shaped and signed as that host
 * does) reaches a running agent, which fetches the head from where that host keeps it ({@code refs/pull/N/head},
 * {@code refs/merge-requests/N/head}, {@code refs/pull-requests/N/from}, or the source branch on Bitbucket
 * Cloud) in a repository served by {@code git daemon}, plans it, and posts the status and the comment to
 * that host's API (WireMock) at its paths, with its auth header and state words.
 */
class PullRequestHostsIT {

    @RegisterExtension
    static final GitDaemon git = new GitDaemon();

    private static final String SECRET = "hook-secret-77d1";
    private static final String TOKEN = "host-token-5e0a";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NUMBER = 21;

    @TempDir
    Path dir;

    private final WireMockServer api = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    /** Where each host keeps things, as its API documentation says. */
    private record HostShape(String type, String apiBase, String repository, String headRef, String statusPath,
                             String successWord, String commentPath, String auth, String emptyList) {
    }

    private static HostShape shape(GitHost host, String sha) {
        return switch (host) {
            case GITHUB -> new HostShape("github", "", "acme/infra", "refs/pull/" + NUMBER + "/head",
                    "/repos/acme/infra/statuses/" + sha, "success", "/repos/acme/infra/issues/" + NUMBER + "/comments",
                    "Bearer " + TOKEN, "[]");
            case GITEA -> new HostShape("gitea", "/api/v1", "acme/infra", "refs/pull/" + NUMBER + "/head",
                    "/api/v1/repos/acme/infra/statuses/" + sha, "success",
                    "/api/v1/repos/acme/infra/issues/" + NUMBER + "/comments", "token " + TOKEN, "[]");
            case GITLAB -> new HostShape("gitlab", "/api/v4", "acme/infra", "refs/merge-requests/" + NUMBER + "/head",
                    "/api/v4/projects/acme%2Finfra/statuses/" + sha, "success",
                    "/api/v4/projects/acme%2Finfra/merge_requests/" + NUMBER + "/notes", null, "[]");
            case BITBUCKET_CLOUD -> new HostShape("bitbucket-cloud", "/2.0", "acme/infra", "refs/heads/change",
                    "/2.0/repositories/acme/infra/commit/" + sha + "/statuses/build", "SUCCESSFUL",
                    "/2.0/repositories/acme/infra/pullrequests/" + NUMBER + "/comments", "Bearer " + TOKEN,
                    "{\"values\": []}");
            case BITBUCKET_SERVER -> new HostShape("bitbucket-server", "", "ACME/infra",
                    "refs/pull-requests/" + NUMBER + "/from", "/rest/build-status/1.0/commits/" + sha, "SUCCESSFUL",
                    "/rest/api/1.0/projects/ACME/repos/infra/pull-requests/" + NUMBER + "/comments",
                    "Bearer " + TOKEN, "{\"values\": [], \"isLastPage\": true}");
        };
    }

    @BeforeEach
    void startApi() {
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop();
    }

    @ParameterizedTest
    @EnumSource(GitHost.class)
    void aPullRequestIsPlannedAndItsPlanPostedWhereTheHostKeepsIt(GitHost host) throws Exception {
        try (GitRepo repo = git.repo("infra-" + host.name().toLowerCase().replace('_', '-'))) {
            repo.write(Scenario.STACK_PATH + "/motd.yaml", Scenario.fileManifest("motd", "motd", "one"));
            repo.commit("First");
            repo.write(Scenario.STACK_PATH + "/motd.yaml", Scenario.fileManifest("motd", "motd", "two"));
            String probe = "0".repeat(40);
            String head = repo.commitTo(shape(host, probe).headRef(), "Say two");
            HostShape shape = shape(host, head);
            api.stubFor(get(urlPathEqualTo(shape.commentPath())).willReturn(json(200, shape.emptyList())));
            api.stubFor(get(urlPathEqualTo("/rest/api/1.0/projects/ACME/repos/infra/pull-requests/" + NUMBER
                    + "/activities")).willReturn(json(200, shape.emptyList())));
            api.stubFor(any(anyUrl()).atPriority(10).willReturn(json(201, "{\"id\": 77}")));
            Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                    stateDir: ./state
                    admin: { listen: 127.0.0.1:0 }
                    sources:
                      - name: infra
                        url: %s
                        ref: main
                        interval: 1h
                        webhook: { secretEnv: HOOK_SECRET }
                        host: { type: %s, apiUrl: "%s", repository: %s, tokenEnv: HOST_TOKEN }
                        pullRequests: { plan: true }
                    providers:
                      - { name: local, type: files, root: ./live }
                    stacks:
                      - { name: web, source: infra, path: stacks/web, provider: local }
                    """.formatted(git.url("infra-" + host.name().toLowerCase().replace('_', '-')), shape.type(),
                    api.baseUrl() + shape.apiBase(), shape.repository()));
            try (Daemon agent = Daemon.start(ConfigLoader.load(config), Clock.systemUTC(),
                    Map.of("HOOK_SECRET", SECRET, "HOST_TOKEN", TOKEN), Telemetry.fromEnvironment(Map.of()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("live/motd")));

                HttpResponse<String> answer = deliver(agent, host, head);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                assertThat(answer.body()).contains("\"result\":\"accepted\"", "\"pullRequest\":" + NUMBER);

                await().atMost(Duration.ofSeconds(30)).until(() -> !successes(shape).isEmpty());
                LoggedRequest status = successes(shape).get(0);
                if (shape.auth() != null) {
                    assertThat(status.getHeader("Authorization")).isEqualTo(shape.auth());
                } else {
                    assertThat(status.getHeader("PRIVATE-TOKEN")).isEqualTo(TOKEN);
                }
                assertThat(status.getBodyAsString()).contains("plumbline/web", "0 to create, 1 to update, 0 to delete");
                await().atMost(Duration.ofSeconds(10)).until(() -> !api.findAll(postRequestedFor(
                        urlEqualTo(shape.commentPath()))).isEmpty());
                String comment = api.findAll(postRequestedFor(urlEqualTo(shape.commentPath()))).get(0).getBodyAsString();
                assertThat(comment).contains("plumbline:plan source=infra", "update", "File motd",
                        head.substring(0, 7));
                assertThat(Files.readString(dir.resolve("live/motd"))).isEqualTo("one");
            }
        }
    }

    private List<LoggedRequest> successes(HostShape shape) {
        return api.findAll(postRequestedFor(urlEqualTo(shape.statusPath()))
                .withRequestBody(matchingJsonPath("$.state", equalTo(shape.successWord()))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The host's pull-request delivery of pull request {@value #NUMBER} into main at {@code head}, signed. */
    private static HttpResponse<String> deliver(Daemon agent, GitHost host, String head) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        String id = "pr-" + host + "-" + head.substring(0, 8);
        switch (host) {
            case GITHUB, GITEA -> {
                body.put("action", "opened").put("number", NUMBER);
                ObjectNode pr = body.putObject("pull_request");
                pr.put("number", NUMBER).put("title", "Say two").put("html_url", "https://example.com/acme/infra/pull/21");
                pr.putObject("user").put("login", "dev");
                ObjectNode headNode = pr.putObject("head").put("ref", "change").put("sha", head);
                headNode.putObject("repo").put("full_name", "acme/infra");
                pr.putObject("base").put("ref", "main").putObject("repo").put("full_name", "acme/infra");
                body.putObject("repository").put("full_name", "acme/infra")
                        .put("clone_url", "https://example.com/acme/infra.git");
            }
            case GITLAB -> {
                body.put("object_kind", "merge_request").putObject("user").put("username", "dev");
                body.putObject("project").put("path_with_namespace", "acme/infra")
                        .put("git_http_url", "https://gitlab.example.com/acme/infra.git");
                ObjectNode attributes = body.putObject("object_attributes");
                attributes.put("iid", NUMBER).put("action", "open").put("title", "Say two")
                        .put("source_branch", "change").put("target_branch", "main")
                        .put("source_project_id", 5).put("target_project_id", 5)
                        .put("url", "https://gitlab.example.com/acme/infra/-/merge_requests/21");
                attributes.putObject("last_commit").put("id", head);
            }
            case BITBUCKET_CLOUD -> {
                ObjectNode pr = body.putObject("pullrequest");
                pr.put("id", NUMBER).put("title", "Say two");
                ObjectNode source = pr.putObject("source");
                source.putObject("commit").put("hash", head.substring(0, 12));
                source.putObject("branch").put("name", "change");
                source.putObject("repository").put("full_name", "acme/infra");
                ObjectNode destination = pr.putObject("destination");
                destination.putObject("branch").put("name", "main");
                destination.putObject("repository").put("full_name", "acme/infra");
                pr.putObject("links").putObject("html").put("href", "https://bitbucket.org/acme/infra/pull-requests/21");
                pr.putObject("author").put("nickname", "dev");
                ObjectNode repository = body.putObject("repository").put("full_name", "acme/infra");
                repository.putObject("links").putObject("html").put("href", "https://bitbucket.org/acme/infra");
            }
            case BITBUCKET_SERVER -> {
                body.put("eventKey", "pr:opened");
                ObjectNode pr = body.putObject("pullRequest");
                pr.put("id", NUMBER).put("title", "Say two");
                ObjectNode from = pr.putObject("fromRef").put("id", "refs/heads/change").put("latestCommit", head);
                ObjectNode fromRepo = from.putObject("repository").put("slug", "infra");
                fromRepo.putObject("project").put("key", "ACME");
                ObjectNode to = pr.putObject("toRef").put("id", "refs/heads/main");
                ObjectNode toRepo = to.putObject("repository").put("slug", "infra");
                toRepo.putObject("project").put("key", "ACME");
                toRepo.putObject("links").putArray("clone").addObject()
                        .put("href", "https://bb.example.com/scm/acme/infra.git").put("name", "http");
                pr.putObject("author").putObject("user").put("name", "dev");
            }
        }
        String event = switch (host) {
            case GITHUB, GITEA -> "pull_request";
            case GITLAB -> "Merge Request Hook";
            case BITBUCKET_CLOUD -> "pullrequest:created";
            case BITBUCKET_SERVER -> "pr:opened";
        };
        HookDelivery delivery = HookDelivery.event(host, event, JSON.writeValueAsBytes(body), id, SECRET);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(agent.url() + "/hooks/infra"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
