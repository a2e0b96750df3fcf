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

import dev.plumbline.config.GitHostConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bitbucket Server / Data Center, as WireMock stands in for it at the server's base URL. */
class BitbucketServerApiTest extends HostMockTest {

    private static final String STATUS = "/rest/build-status/1.0/commits/" + SHA;
    private static final String PULL = "/rest/api/1.0/projects/PLAT/repos/infra/pull-requests/7";
    private static final String COMMENTS = PULL + "/comments";
    private static final String ACTIVITIES = PULL + "/activities?limit=100&start=";

    private GitHostApi api() {
        return api(GitHostConfig.Type.BITBUCKET_SERVER, "", "PLAT/infra");
    }

    private static Map<String, Object> commented(long id, String text) {
        return Map.of("id", id * 10, "action", "COMMENTED", "commentAction", "ADDED",
                "comment", Map.of("id", id, "version", 0, "text", text));
    }

    private static Map<String, Object> page(List<Map<String, Object>> values, Integer nextPageStart) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("size", values.size());
        page.put("limit", 100);
        page.put("isLastPage", nextPageStart == null);
        page.put("start", 0);
        page.put("values", values);
        if (nextPageStart != null) {
            page.put("nextPageStart", nextPageStart);
        }
        return page;
    }

    @Test
    void postsABuildStatus() {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(jsonAnswer(204, Map.of())));

        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.FAILURE, "1 failed",
                Optional.of("https://plumbline.example/sources/infra")));
        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.PENDING, "planning",
                Optional.empty()));

        server.verify(1, postRequestedFor(urlEqualTo(STATUS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo("plumbline"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"state": "FAILED", "key": "plumbline/infra", "name": "plumbline/infra",
                         "url": "https://plumbline.example/sources/infra", "description": "1 failed"}""")));
        // the url is required: without a target, the commit's page on the server
        server.verify(1, postRequestedFor(urlEqualTo(STATUS)).withRequestBody(equalToJson("""
                {"state": "INPROGRESS", "key": "plumbline/infra", "name": "plumbline/infra",
                 "url": "%s/projects/PLAT/repos/infra/commits/%s", "description": "planning"}"""
                .formatted(base(), SHA))));
    }

    @Test
    void createsTheCommentWhenNoneHasTheMarker() {
        server.stubFor(get(urlEqualTo(ACTIVITIES + 0)).willReturn(jsonAnswer(200, page(List.of(
                Map.of("id", 1, "action", "OPENED")), null))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201,
                Map.of("id", 501, "version", 0, "text", BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(ACTIVITIES + 0))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson(json(Map.of("text", BODY)))));
        server.verify(0, putRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheCommentWithTheMarkerOnTheNextPageAtItsVersion() {
        // activities come newest first
        server.stubFor(get(urlEqualTo(ACTIVITIES + 0)).willReturn(jsonAnswer(200, page(List.of(
                commented(30, "ship it"), Map.of("id", 200, "action", "RESCOPED")), 2))));
        server.stubFor(get(urlEqualTo(ACTIVITIES + 2)).willReturn(jsonAnswer(200, page(List.of(
                commented(12, "the plan " + MARKER), commented(11, "hm"), commented(10, "old plan " + MARKER)),
                null))));
        server.stubFor(get(urlEqualTo(COMMENTS + "/12")).willReturn(jsonAnswer(200,
                Map.of("id", 12, "version", 3, "text", "the plan " + MARKER))));
        server.stubFor(put(urlEqualTo(COMMENTS + "/12")).willReturn(jsonAnswer(200,
                Map.of("id", 12, "version", 4, "text", BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(ACTIVITIES + 2)));
        server.verify(1, getRequestedFor(urlEqualTo(COMMENTS + "/12"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/12"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson(json(Map.of("text", BODY, "version", 3)))));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheRememberedCommentWithoutListing() {
        server.stubFor(get(urlEqualTo(ACTIVITIES + 0)).willReturn(jsonAnswer(200, page(List.of(), null))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201,
                Map.of("id", 501, "version", 0, "text", BODY))));
        server.stubFor(get(urlEqualTo(COMMENTS + "/501")).willReturn(jsonAnswer(200,
                Map.of("id", 501, "version", 0, "text", BODY))));
        server.stubFor(put(urlEqualTo(COMMENTS + "/501")).willReturn(jsonAnswer(200,
                Map.of("id", 501, "version", 1, "text", NEWER_BODY))));
        GitHostApi api = api();
        api.upsertComment(7, MARKER, BODY);
        server.resetRequests();

        api.upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/501"))
                .withRequestBody(equalToJson(json(Map.of("text", NEWER_BODY, "version", 0)))));
        server.verify(0, getRequestedFor(urlPathMatching(".*/activities")));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void postsTheCommentAnewWhenItWasDeleted() {
        server.stubFor(get(urlEqualTo(ACTIVITIES + 0)).willReturn(jsonAnswer(200,
                page(List.of(commented(42, BODY)), null))));
        server.stubFor(get(urlEqualTo(COMMENTS + "/42")).willReturn(jsonAnswer(404, Map.of("errors", List.of(
                Map.of("message", "Comment 42 does not exist"))))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201,
                Map.of("id", 43, "version", 0, "text", NEWER_BODY))));

        api().upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, getRequestedFor(urlEqualTo(COMMENTS + "/42")));
        server.verify(0, putRequestedFor(urlPathMatching(".*")));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)).withRequestBody(equalToJson(json(
                Map.of("text", NEWER_BODY)))));
    }

    @Test
    void postsTheCommentAnewWhenItWasDeletedBetweenReadingAndEditing() {
        server.stubFor(get(urlEqualTo(ACTIVITIES + 0)).willReturn(jsonAnswer(200,
                page(List.of(commented(42, BODY)), null))));
        server.stubFor(get(urlEqualTo(COMMENTS + "/42")).willReturn(jsonAnswer(200,
                Map.of("id", 42, "version", 2, "text", BODY))));
        server.stubFor(put(urlEqualTo(COMMENTS + "/42")).willReturn(jsonAnswer(404, Map.of())));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201,
                Map.of("id", 43, "version", 0, "text", NEWER_BODY))));

        api().upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/42")));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)));
    }
}
