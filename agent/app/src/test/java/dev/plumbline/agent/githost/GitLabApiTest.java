package dev.plumbline.agent.githost;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.config.GitHostConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GitLab's API v4, the project a subgroup's, as WireMock stands in for it. */
class GitLabApiTest extends HostMockTest {

    /** The project's path, URL-encoded: the %2F reach the host as they are. */
    private static final String PROJECT = "/api/v4/projects/group%2Fsub%2Fproject";
    private static final String NOTES = PROJECT + "/merge_requests/7/notes";
    private static final String LIST = NOTES + "?per_page=100&page=";

    private GitHostApi api() {
        return api(GitHostConfig.Type.GITLAB, "/api/v4", "group/sub/project");
    }

    @Test
    void postsACommitStatus() {
        server.stubFor(post(urlEqualTo(PROJECT + "/statuses/" + SHA)).willReturn(jsonAnswer(201, Map.of("id", 1))));

        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.FAILURE, "1 failed",
                Optional.of("https://plumbline.example/sources/infra")));
        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.SUCCESS, "applied",
                Optional.empty()));

        server.verify(1, postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + SHA))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withHeader("User-Agent", equalTo("plumbline"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"state": "failed", "name": "plumbline/infra", "description": "1 failed",
                         "target_url": "https://plumbline.example/sources/infra"}""")));
        server.verify(1, postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + SHA))
                .withRequestBody(equalToJson("""
                        {"state": "success", "name": "plumbline/infra", "description": "applied"}""")));
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlPathMatching(".*")));
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.getUrl()).startsWith("/api/v4/projects/group%2Fsub%2Fproject/");
            assertThat(request.getHeader("Authorization")).isNull();
        });
    }

    @Test
    void createsTheNoteWhenNoneHasTheMarker() {
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, chatter(1, 3))
                .withHeader("X-Next-Page", "")));
        server.stubFor(post(urlEqualTo(NOTES)).willReturn(jsonAnswer(201, comment(501, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(LIST + 1)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo(NOTES)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, putRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheNoteWithTheMarkerOnTheNextPage() {
        // GitLab lists notes newest first; the next page is named by X-Next-Page, empty on the last
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, chatter(10, 2))
                .withHeader("X-Next-Page", "2")));
        server.stubFor(get(urlEqualTo(LIST + 2)).willReturn(jsonAnswer(200,
                List.of(comment(9, "earlier: " + MARKER), comment(8, "first!"))).withHeader("X-Next-Page", "")));
        server.stubFor(put(urlEqualTo(NOTES + "/9")).willReturn(jsonAnswer(200, comment(9, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(LIST + 2)));
        server.verify(0, getRequestedFor(urlEqualTo(LIST + 3)));
        server.verify(1, putRequestedFor(urlEqualTo(NOTES + "/9")).withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
                .withRequestBody(equalToJson(json(Map.of("body", BODY)))));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheRememberedNoteWithoutListing() {
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, List.of())));
        server.stubFor(post(urlEqualTo(NOTES)).willReturn(jsonAnswer(201, comment(501, BODY))));
        server.stubFor(put(urlEqualTo(NOTES + "/501")).willReturn(jsonAnswer(200, comment(501, NEWER_BODY))));
        GitHostApi api = api();
        api.upsertComment(7, MARKER, BODY);
        server.resetRequests();

        api.upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, putRequestedFor(urlEqualTo(NOTES + "/501"))
                .withRequestBody(equalToJson(json(Map.of("body", NEWER_BODY)))));
        server.verify(0, getRequestedFor(urlPathMatching(".*")));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void postsTheNoteAnewWhenItWasDeleted() {
        server.stubFor(get(urlEqualTo(LIST + 1)).willReturn(jsonAnswer(200, List.of(comment(42, BODY)))));
        server.stubFor(put(urlEqualTo(NOTES + "/42")).willReturn(jsonAnswer(404, Map.of("message", "404 Not found"))));
        server.stubFor(post(urlEqualTo(NOTES)).willReturn(jsonAnswer(201, comment(43, NEWER_BODY))));

        api().upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, putRequestedFor(urlEqualTo(NOTES + "/42")));
        server.verify(1, postRequestedFor(urlEqualTo(NOTES))
                .withRequestBody(equalToJson(json(Map.of("body", NEWER_BODY)))));
    }
}
