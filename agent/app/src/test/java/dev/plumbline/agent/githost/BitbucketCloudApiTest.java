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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.config.GitHostConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bitbucket Cloud's API 2.0, as WireMock stands in for it. */
class BitbucketCloudApiTest extends HostMockTest {

    private static final String REPO = "/2.0/repositories/acme/infra";
    private static final String STATUS = REPO + "/commit/" + SHA + "/statuses/build";
    private static final String COMMENTS = REPO + "/pullrequests/7/comments";
    private static final String LIST = COMMENTS + "?pagelen=100";

    private GitHostApi api() {
        return api(GitHostConfig.Type.BITBUCKET_CLOUD, "/2.0", "acme/infra");
    }

    private static Map<String, Object> cloudComment(long id, String raw) {
        Map<String, Object> comment = new LinkedHashMap<>();
        comment.put("id", id);
        comment.put("content", Map.of("raw", raw, "markup", "markdown"));
        comment.put("deleted", false);
        return comment;
    }

    private static Map<String, Object> page(List<Map<String, Object>> values, String next) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("pagelen", 100);
        page.put("values", values);
        if (next != null) {
            page.put("next", next);
        }
        return page;
    }

    private static Map<String, Object> raw(String body) {
        return Map.of("content", Map.of("raw", body));
    }

    @Test
    void postsABuildStatus() {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(jsonAnswer(201, Map.of("key", "plumbline/infra"))));

        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.PENDING, "planning",
                Optional.of("https://plumbline.example/sources/infra")));
        api().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.SUCCESS, "applied",
                Optional.empty()));

        server.verify(1, postRequestedFor(urlEqualTo(STATUS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo("plumbline"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"key": "plumbline/infra", "name": "plumbline/infra", "state": "INPROGRESS",
                         "description": "planning", "url": "https://plumbline.example/sources/infra"}""")));
        // the url is required: without a target, the commit's page
        server.verify(1, postRequestedFor(urlEqualTo(STATUS)).withRequestBody(equalToJson("""
                {"key": "plumbline/infra", "name": "plumbline/infra", "state": "SUCCESSFUL", "description": "applied",
                 "url": "https://bitbucket.org/acme/infra/commits/%s"}""".formatted(SHA))));
    }

    @Test
    void shortensAKeyOverFortyCharactersWithAHashOfTheContext() throws Exception {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(jsonAnswer(201, Map.of())));
        String context = "plumbline/a-source-with-a-rather-long-name-indeed";
        String other = "plumbline/a-source-with-a-rather-long-name-too";

        api().postStatus(SHA, new CommitStatus(context, CommitStatus.State.FAILURE, "failed", Optional.empty()));
        api().postStatus(SHA, new CommitStatus(other, CommitStatus.State.FAILURE, "failed", Optional.empty()));

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> bodies = server.findAll(postRequestedFor(urlEqualTo(STATUS))).stream()
                .map(request -> {
                    try {
                        return mapper.readTree(request.getBodyAsString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(bodies).hasSize(2);
        String key = bodies.get(0).path("key").asText();
        assertThat(key).hasSize(40).startsWith(context.substring(0, 31)).matches(".{31}-[0-9a-f]{8}");
        assertThat(bodies.get(1).path("key").asText()).hasSize(40).isNotEqualTo(key);
        assertThat(bodies.get(0).path("name").asText()).isEqualTo(context);
    }

    @Test
    void createsTheCommentWhenNoneHasTheMarker() {
        server.stubFor(get(urlEqualTo(LIST)).willReturn(jsonAnswer(200, page(List.of(), null))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, cloudComment(501, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(LIST)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson(json(raw(BODY)))));
        server.verify(0, putRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void editsTheCommentWithTheMarkerOnTheNextPage() {
        server.stubFor(get(urlEqualTo(LIST)).willReturn(jsonAnswer(200, page(
                List.of(cloudComment(1, "first"), cloudComment(2, "an old plan " + MARKER)),
                base() + LIST + "&page=2"))));
        server.stubFor(get(urlEqualTo(LIST + "&page=2")).willReturn(jsonAnswer(200, page(
                List.of(cloudComment(3, "the plan " + MARKER), cloudComment(4, "ok")), null))));
        server.stubFor(put(urlEqualTo(COMMENTS + "/3")).willReturn(jsonAnswer(200, cloudComment(3, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlEqualTo(LIST + "&page=2"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/3"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson(json(raw(BODY)))));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void followsNoNextLinkToAnotherHost() {
        server.stubFor(get(urlEqualTo(LIST)).willReturn(jsonAnswer(200, page(List.of(cloudComment(1, "first")),
                "http://localhost:" + server.port() + LIST + "&page=2"))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, cloudComment(501, BODY))));

        api().upsertComment(7, MARKER, BODY);

        server.verify(1, getRequestedFor(urlPathMatching(".*")));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)));
    }

    @Test
    void editsTheRememberedCommentWithoutListing() {
        server.stubFor(get(urlEqualTo(LIST)).willReturn(jsonAnswer(200, page(List.of(), null))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, cloudComment(501, BODY))));
        server.stubFor(put(urlEqualTo(COMMENTS + "/501")).willReturn(jsonAnswer(200, cloudComment(501, NEWER_BODY))));
        GitHostApi api = api();
        api.upsertComment(7, MARKER, BODY);
        server.resetRequests();

        api.upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/501"))
                .withRequestBody(equalToJson(json(raw(NEWER_BODY)))));
        server.verify(0, getRequestedFor(urlPathMatching(".*")));
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void postsTheCommentAnewWhenItWasDeleted() {
        server.stubFor(get(urlEqualTo(LIST)).willReturn(jsonAnswer(200, page(List.of(cloudComment(42, BODY)), null))));
        server.stubFor(put(urlEqualTo(COMMENTS + "/42")).willReturn(jsonAnswer(404,
                Map.of("type", "error", "error", Map.of("message", "No Comment matches the given query.")))));
        server.stubFor(post(urlEqualTo(COMMENTS)).willReturn(jsonAnswer(201, cloudComment(43, NEWER_BODY))));

        api().upsertComment(7, MARKER, NEWER_BODY);

        server.verify(1, putRequestedFor(urlEqualTo(COMMENTS + "/42")));
        server.verify(1, postRequestedFor(urlEqualTo(COMMENTS)).withRequestBody(equalToJson(json(raw(NEWER_BODY)))));
    }
}
