package dev.plumbline.agent.githost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.plumbline.config.GitHostConfig;
import dev.plumbline.config.SecretRef;
import dev.plumbline.problem.Location;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock standing in for a Git host's API, on loopback, and what the hosts' tests share. */
abstract class HostMockTest {

    static final String TOKEN = "S3cretT0ken-that-must-never-leak";
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String MARKER = "<!-- plumbline:plan source=infra -->";
    static final String BODY = MARKER + "\n### Plan for infra\n2 to change";
    static final String NEWER_BODY = MARKER + "\n### Plan for infra\n3 to change";

    private static final ObjectMapper JSON = new ObjectMapper();

    protected WireMockServer server;
    protected final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startHost() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stopHost() {
        server.stop();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    GitHostApi api(GitHostConfig.Type type, String apiPath, String repository) {
        return GitHostApi.of(config(type, URI.create(base() + apiPath), repository), TOKEN, http);
    }

    static GitHostConfig config(GitHostConfig.Type type, URI apiUrl, String repository) {
        return new GitHostConfig(type, apiUrl, repository,
                SecretRef.env("HOST_TOKEN", Location.of("plumbline.yaml", 14, 9)), Location.of("plumbline.yaml", 10, 7));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinitionBuilder jsonAnswer(int status, Object value) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json(value));
    }

    /** A comment as GitHub, Gitea and GitLab list it. */
    static Map<String, Object> comment(long id, String body) {
        Map<String, Object> comment = new LinkedHashMap<>();
        comment.put("id", id);
        comment.put("body", body);
        return comment;
    }

    /** {@code count} comments without the marker, ids from {@code firstId} on. */
    static List<Map<String, Object>> chatter(long firstId, int count) {
        List<Map<String, Object>> comments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            comments.add(comment(firstId + i, "looks fine to me (" + i + ")"));
        }
        return comments;
    }
}
