package dev.plumbline.agent.githost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.plumbline.config.GitHostConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What every host's API shares: its failures, the repository's form, the description's length. */
class GitHostApiTest extends HostMockTest {

    private static final String STATUS = "/repos/acme/infra/statuses/" + SHA;
    private static final CommitStatus PENDING = new CommitStatus("plumbline/infra", CommitStatus.State.PENDING,
            "planning", Optional.empty());

    private GitHostApi github() {
        return api(GitHostConfig.Type.GITHUB, "", "acme/infra");
    }

    @ParameterizedTest
    @EnumSource(GitHostConfig.Type.class)
    void aFailureNamesTheHostTheCallAndTheStatusButNeverTheToken(GitHostConfig.Type type) {
        // a host that echoes the credentials it was sent
        server.stubFor(any(anyUrl()).willReturn(jsonAnswer(401,
                Map.of("message", "Bad credentials: " + TOKEN + " / token " + TOKEN))));
        String repository = type == GitHostConfig.Type.GITLAB ? "group/sub/project" : "acme/infra";
        GitHostApi api = api(type, "/api", repository);

        GitHostException status = catchThrowableOfType(GitHostException.class, () -> api.postStatus(SHA, PENDING));
        GitHostException comment = catchThrowableOfType(GitHostException.class,
                () -> api.upsertComment(7, MARKER, BODY));

        assertThat(status.status()).isEqualTo(401);
        assertThat(status.transientFailure()).isFalse();
        assertThat(status.getMessage()).contains("127.0.0.1:" + server.port(), "status", "HTTP 401",
                "Bad credentials").doesNotContain(TOKEN);
        assertThat(comment.getMessage()).contains("HTTP 401", "Bad credentials").doesNotContain(TOKEN);
        assertThat(String.valueOf(status.getCause())).doesNotContain(TOKEN);
    }

    @Test
    void theMessageNamesTheHostTheCallAndQuotesTheStartOfTheAnswer() {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(aResponse().withStatus(422)
                .withBody("{\"message\": \"Validation Failed\",\n \"padding\": \"" + "x".repeat(1000) + "\"}")));

        GitHostException failure = catchThrowableOfType(GitHostException.class, () -> github().postStatus(SHA, PENDING));

        assertThat(failure.getMessage()).startsWith("GitHub at 127.0.0.1:" + server.port()
                + ": create commit status (POST " + STATUS + ") answered HTTP 422: ")
                .contains("{\"message\": \"Validation Failed\", \"padding\": \"xxx").hasSizeLessThan(400);
        assertThat(failure.status()).isEqualTo(422);
        assertThat(failure.transientFailure()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"408, true", "429, true", "500, true", "502, true", "503, true", "400, false", "403, false",
            "404, false", "409, false", "422, false"})
    void whichAnswersMayPassByTryingAgain(int status, boolean transientFailure) {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(aResponse().withStatus(status).withBody("no")));

        GitHostException failure = catchThrowableOfType(GitHostException.class, () -> github().postStatus(SHA, PENDING));

        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.transientFailure()).isEqualTo(transientFailure);
    }

    @Test
    void noAnswerIsStatusZeroAndTransient() {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        GitHostException failure = catchThrowableOfType(GitHostException.class, () -> github().postStatus(SHA, PENDING));

        assertThat(failure.status()).isZero();
        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.getMessage()).contains("GitHub at 127.0.0.1", "create commit status", "no answer")
                .doesNotContain(TOKEN);
    }

    @Test
    void aDescriptionIsCutTo140CharactersBeforeItIsSent() {
        server.stubFor(post(urlEqualTo(STATUS)).willReturn(jsonAnswer(201, Map.of())));
        String longer = "d".repeat(200);

        github().postStatus(SHA, new CommitStatus("plumbline/infra", CommitStatus.State.SUCCESS, longer,
                Optional.empty()));

        String cut = "d".repeat(139) + "…";
        server.verify(postRequestedFor(urlEqualTo(STATUS)).withRequestBody(equalToJson(json(Map.of(
                "state", "success", "context", "plumbline/infra", "description", cut)))));
        assertThat(new CommitStatus("c", CommitStatus.State.SUCCESS, "d".repeat(140), Optional.empty())
                .sentDescription()).hasSize(140).doesNotContain("…");
        assertThat(new CommitStatus("c", CommitStatus.State.SUCCESS, "😀".repeat(150), Optional.empty())
                .sentDescription()).isEqualTo("😀".repeat(139) + "…");
    }

    @Test
    void aBodyWithoutItsMarkerIsRefused() {
        assertThatThrownBy(() -> github().upsertComment(7, MARKER, "a plan that forgot its marker"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker");
        server.verify(0, postRequestedFor(urlPathMatching(".*")));
    }

    @ParameterizedTest
    @CsvSource({"GITHUB, infra", "GITHUB, acme/infra/extra", "GITEA, infra", "GITLAB, project", "GITLAB, group//project",
            "BITBUCKET_CLOUD, infra", "BITBUCKET_CLOUD, acme/infra/extra", "BITBUCKET_SERVER, PLAT",
            "BITBUCKET_SERVER, PLAT/infra/extra", "GITHUB, /infra"})
    void aMalformedRepositoryIsRefusedNamingTheSetting(GitHostConfig.Type type, String repository) {
        GitHostConfig config = config(type, URI.create("https://git.example.com/api"), repository);

        assertThatThrownBy(() -> GitHostApi.of(config, TOKEN, http))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sources[].host.repository")
                .hasMessageContaining("plumbline.yaml:10:7")
                .hasMessageContaining(repository)
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void gitLabProjectsSitAtAnyDepthOfGroups() {
        GitHostConfig config = config(GitHostConfig.Type.GITLAB, URI.create("https://gitlab.com/api/v4"),
                "group/sub/team/project");

        assertThat(GitHostApi.of(config, TOKEN, http)).isNotNull();
    }
}
