package dev.plumbline.agent.githost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Bitbucket Cloud's REST API 2.0 ({@code https://api.bitbucket.org/2.0}): build statuses at
 * {@code /repositories/{workspace}/{slug}/commit/{sha}/statuses/build}, pull-request comments at
 * {@code /repositories/{workspace}/{slug}/pullrequests/{id}/comments}, pages linked by {@code next}.
 */
final class BitbucketCloudApi extends HostApi {

    /** Bitbucket Cloud's limit on a build status's key. */
    static final int KEY_LIMIT = 40;
    private static final int PAGE = 100;

    private final String workspace;
    private final String slug;
    private final String repo;

    BitbucketCloudApi(URI apiUrl, String workspace, String slug, String token, HttpClient http) {
        super(new HostClient("Bitbucket Cloud", apiUrl, http, token, List.of("Authorization", "Bearer " + token)));
        this.workspace = workspace;
        this.slug = slug;
        this.repo = "/repositories/" + HostClient.segment(workspace) + "/" + HostClient.segment(slug);
    }

    @Override
    public void postStatus(String sha, CommitStatus status) {
        ObjectNode body = HostClient.object()
                .put("key", key(status.context(), KEY_LIMIT))
                .put("name", status.context())
                .put("state", switch (status.state()) {
                    case PENDING -> "INPROGRESS";
                    case SUCCESS -> "SUCCESSFUL";
                    case FAILURE -> "FAILED";
                })
                .put("description", status.sentDescription())
                .put("url", status.targetUrl().orElseGet(() -> "https://bitbucket.org/" + HostClient.segment(workspace)
                        + "/" + HostClient.segment(slug) + "/commits/" + HostClient.segment(sha)));
        client.send("create build status", "POST",
                client.uri(repo + "/commit/" + HostClient.segment(sha) + "/statuses/build"), body);
    }

    private String comments(long pullRequest) {
        return repo + "/pullrequests/" + pullRequest + "/comments";
    }

    @Override
    protected OptionalLong findComment(long pullRequest, String marker) {
        String call = "list pull request comments";
        Newest newest = new Newest();
        URI page = client.uri(comments(pullRequest) + "?pagelen=" + PAGE);
        for (int read = 0; read < MAX_PAGES && page != null; read++) {
            HostClient.Answer answer = client.send(call, "GET", page, null);
            JsonNode json = client.json(call, answer);
            JsonNode values = json.path("values");
            if (!values.isArray()) {
                throw client.unexpected(call, answer, "no list of comments in 'values'");
            }
            for (JsonNode comment : values) {
                if (!comment.path("deleted").asBoolean(false)) {
                    newest.offer(comment.path("id"), comment.path("content").path("raw").asText(null), marker);
                }
            }
            page = null;
            String next = json.path("next").asText("");
            if (!next.isEmpty()) {
                URI nextUri;
                try {
                    nextUri = URI.create(next);
                } catch (IllegalArgumentException e) {
                    break;
                }
                // the token goes nowhere but the API it belongs to
                page = client.sameOrigin(nextUri) ? nextUri : null;
            }
        }
        return newest.id();
    }

    @Override
    protected boolean editComment(long pullRequest, long id, String body) {
        HostClient.Answer answer = client.send("edit pull request comment", "PUT",
                client.uri(comments(pullRequest) + "/" + id), content(body), Set.of(404));
        return answer.status() != 404;
    }

    @Override
    protected OptionalLong createComment(long pullRequest, String body) {
        String call = "create pull request comment";
        return createdId(call, client.send(call, "POST", client.uri(comments(pullRequest)), content(body)));
    }

    private static ObjectNode content(String body) {
        ObjectNode node = HostClient.object();
        node.putObject("content").put("raw", body);
        return node;
    }
}
