package dev.plumbline.agent.githost;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.plumbline.config.GitHostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Gitea's (and Forgejo's) API v1, as WireMock stands in for it. */
class GiteaApiTest extends HostMockTest {

    private static final String REPO = "/api/v1/repos/acme/infra";
    private static final String COMMENTS = REPO + "/issues/7/comments";

    private GitHostApi api() {
        return api(GitHostConfig.Type.GITEA, "/api/v1", "acme/infra");
    }

    private static String list(int page) {
        return COMMENTS + "?page=" + page + "&limit=50";
    }

    @Test
    void postsACommitStatus() {
        server.stubFor(post(urlEqualTo(REPO + "/statuses/" + SHA)).willReturn(jsonAnswer(201, Map.of("id", 1))));

        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.SUCCESS, "applied",
                Optional.of("https://plumbline.example/sources/infra")));

        server.verify(1, postRequestedFor(urlEqualTo(REPO + "/statuses/" + SHA))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withHeader("User-Agent", equalTo("plumbline"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"state": "success", "context": "plumbline/infra", "description": "applied",
                         "target_url": "https://plumbline.example/sources/infra"}""")));
    }

    @Test
    void createsTheCommentWhenNoneHasTheMarker() {
        server.stubFor(get(urlEqualTo(list(1))).willReturn(jsonAnswer(200, List.of())));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, comment(501, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(list(1))).withHeader("Authorization", equalTo("token " + TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)).withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, patchRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheNewestCommentWithTheMarker() {
        List<Map<String, Object>> comments = new ArrayList<>(chatter(1, 3));
        comments.add(1, comment(20, "old plan " + MARKER));
        comments.add(3, comment(21, "newer plan " + MARKER));
        server.stubFor(get(urlEqualTo(list(1))).willReturn(jsonAnswer(200, comments)));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/21")).willReturn(jsonAnswer(200, comment(21, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/21"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void stopsListingWhenTheHostAnswersEveryPageWithTheSameComments() {
        // Gitea's list of an issue's comments has no pages: it answers all of them, whatever page is asked
        List<Map<String, Object>> all = new ArrayList<>(chatter(1, 70));
        all.add(comment(99, "plan " + MARKER));
        server.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(jsonAnswer(200, all)));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/99")).willReturn(jsonAnswer(200, comment(99, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(2, getRequestedFor(urlPathEqualTo(COMMENTS)));
        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/99")));
    }

    @Test
    void editsTheRememberedCommentWithoutListing() {
        server.stubFor(get(urlEqualTo(list(1))).willReturn(jsonAnswer(200, List.of())));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, comment(501, BODY))));
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
        server.stubFor(get(urlEqualTo(list(1))).willReturn(jsonAnswer(200, List.of(comment(42, BODY)))));
        server.stubFor(patch(urlEqualTo(REPO + "/issues/comments/42")).willReturn(jsonAnswer(404, Map.of())));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, comment(43, NEWER_BODY))));

        api().upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, patchRequestedFor(urlEqualTo(REPO + "/issues/comments/42")));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS))
                .withRequestBody(equalToJson(json(Map.of("body", NEWER_BODY)))));
    }
}
