package dev.plumbline.agent.githost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.plumbline.config.GitHostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GitHub Enterprise's API (at /api/v3), as WireMock stands in for it. */
class GitHubApiTest extends HostMockTest {

    private static final String REPO = "/api/v3/repos/acme/infra";
    private static final String LIST = REPO + "/issues/7/comments?per_page=100&page=";

    private GitHostApi api() {
        return api(GitHostConfig.Type.GITHUB, "/api/v3", "acme/infra");
    }

    @Test
    void postsACommitStatus() {
        server.stubFor(post(urlEqualTo(REPO + "/statuses/" + SHA)).willReturn(jsonAnswer(201, Map.of("id", 1))));

        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.FAILURE, "2 to change, 1 failed",
                Optional.of("https://plumbline.example/sources/infra")));
        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.PENDING, "planning",
                Optional.empty()));

        server.verify(1, postRequestedFor(urlEqualTo(REPO + "/statuses/" + SHA))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("User-Agent", equalTo("plumbline"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"state": "failure", "context": "plumbline/infra", "description": "2 to change, 1 failed",
                         "target_url": "https://plumbline.example/sources/infra"}""")));
        server.verify(1, postRequestedFor(urlEqualTo(REPO + "/statuses/" + SHA))
                .withRequestBody(equalToJson("""
                        {"state": "pending", "context": "plumbline/infra", "description": "planning"}""")));
    }

    @Test
    void createsTheCommentWhenNoneHasTheMarker() {
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, chatter(1, 2))));
        server.stubFor(post(urlEqualTo(REPO + "/issues/7/comments")).willReturn(jsonAnswer(201, comment(501, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(LIST + 1)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo(REPO + "/issues/7/comments"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, patchRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheNewestCommentWithTheMarkerFoundOnTheSecondPage() {
        List<Map<String, Object>> first = new ArrayList<>(chatter(1, 99));
        first.add(2, comment(1000, "an older plan " + MARKER));
        List<Map<String, Object>> second = List.of(comment(2000, "the last plan " + MARKER), comment(2001, "thanks"));
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, first)));
        server.stubFor(get(urlEqualTo(LIST + 2)).willReturn(jsonAnswer(200, second)));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/2000")).willReturn(jsonAnswer(200, comment(2000, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(LIST + 2)));
        server.verify(0, getRequestedFor(urlEqualTo(LIST + 3)));
        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/2000"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
        server.verify(0, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/1000")));
    }

    @Test
    void editsTheRememberedCommentWithoutListing() {
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, List.of())));
        server.stubFor(post(urlEqualTo(REPO + "/issues/7/comments")).willReturn(jsonAnswer(201, comment(501, BODY))));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/501")).willReturn(jsonAnswer(200, comment(501, BODY))));
        GitHostApi api = api();
        api.upsertComment(7, MARKER, BODY);
        server.resetRequests();

        api.upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/501"))
                .withRequestBody(equalToJson(json(Map.of("body", NEWER_BODY)))));
        server.verify(0, getRequestedFor(urlPathMatching(".*")));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void postsTheCommentAnewWhenItWasDeleted() {
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, List.of(comment(42, BODY)))));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/42")).willReturn(jsonAnswer(200, comment(42, BODY))));
        GitHostApi api = api();
        api.upsertComment(7, MARKER, BODY);
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/42"))
                .willReturn(jsonAnswer(404, Map.of("message", "Not Found"))));
        server.stubFor(post(urlEqualTo(REPO + "/issues/7/comments")).willReturn(jsonAnswer(201, comment(43, NEWER_BODY))));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/43")).willReturn(aResponse().withStatus(200)));
        server.resetRequests();

        api.upsertComment(7, MARKER, NEWER_BODY);
        api.upsertComment(7, MARKER, BODY);

        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/42")));
        server.verify(1, postRequestedFor(urlEqualTo(REPO + "/issues/7/comments"))
                .withRequestBody(equalToJson(json(Map.of("body", NEWER_BODY)))));
        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/43"))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, getRequestedFor(urlPathMatching(".*")));
    }
}
