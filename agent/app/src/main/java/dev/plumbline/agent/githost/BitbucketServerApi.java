package dev.plumbline.agent.githost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Bitbucket Server and Data Center, whose API URL is the server's base URL: build statuses at
 * {@code /rest/build-status/1.0/commits/{sha}}, pull-request comments at
 * {@code /rest/api/1.0/projects/{PROJECT}/repos/{slug}/pull-requests/{id}/comments}, found through the pull
 * request's activities; an edit names the comment's current version.
 */
final class BitbucketServerApi extends HostApi {

    /** Bitbucket Server's limit on a build status's fields but the URL. */
    static final int FIELD_LIMIT = 255;
    private static final int PAGE = 100;

    private final String project;
    private final String slug;
    private final String pullRequests;

    BitbucketServerApi(URI apiUrl, String project, String slug, String token, HttpClient http) {
        super(new HostClient("Bitbucket Server", apiUrl, http, token, List.of("Authorization", "Bearer " + token)));
        this.project = project;
        this.slug = slug;
        this.pullRequests = "/rest/api/1.0/projects/" + HostClient.segment(project) + "/repos/"
                + HostClient.segment(slug) + "/pull-requests/";
    }

    @Override
    public void postStatus(String sha, CommitStatus status) {
        ObjectNode body = HostClient.object()
                .put("state", switch (status.state()) {
                    case PENDING -> "INPROGRESS";
                    case SUCCESS -> "SUCCESSFUL";
                    case FAILURE -> "FAILED";
                })
                .put("key", key(status.context(), FIELD_LIMIT))
                .put("name", CommitStatus.cut(status.context(), FIELD_LIMIT))
                .put("url", status.targetUrl().orElseGet(() -> client.base() + "/projects/"
                        + HostClient.segment(project) + "/repos/" + HostClient.segment(slug) + "/commits/"
                        + HostClient.segment(sha)))
                .put("description", status.sentDescription());
        client.send("create build status", "POST",
                client.uri("/rest/build-status/1.0/commits/" + HostClient.segment(sha)), body);
    }

    private String comments(long pullRequest) {
        return pullRequests + pullRequest + "/comments";
    }

    @Override
    protected OptionalLong findComment(long pullRequest, String marker) {
        String call = "list pull request activities";
        Newest newest = new Newest();
        long start = 0;
        for (int read = 0; read < MAX_PAGES && start >= 0; read++) {
            HostClient.Answer answer = client.send(call, "GET", client.uri(pullRequests + pullRequest
                    + "/activities?limit=" + PAGE + "&start=" + start), null);
            JsonNode json = client.json(call, answer);
            JsonNode values = json.path("values");
            if (!values.isArray()) {
                throw client.unexpected(call, answer, "no list of activities in 'values'");
            }
            for (JsonNode activity : values) {
                if ("COMMENTED".equals(activity.path("action").asText())) {
                    JsonNode comment = activity.path("comment");
                    newest.offer(comment.path("id"), comment.path("text").asText(null), marker);
                }
            }
            JsonNode next = json.path("nextPageStart");
            boolean last = json.path("isLastPage").asBoolean(true);
            start = !last && next.canConvertToLong() && next.asLong() > start ? next.asLong() : -1;
        }
        return newest.id();
    }

    @Override
    protected boolean editComment(long pullRequest, long id, String body) {
        String read = "read pull request comment";
        URI comment = client.uri(comments(pullRequest) + "/" + id);
        HostClient.Answer current = client.send(read, "GET", comment, null, Set.of(404));
        if (current.status() == 404) {
            return false;
        }
        JsonNode version = client.json(read, current).path("version");
        if (!version.canConvertToLong()) {
            throw client.unexpected(read, current, "no 'version' of the comment");
        }
        ObjectNode edit = HostClient.object().put("text", body).put("version", version.asLong());
        HostClient.Answer answer = client.send("edit pull request comment", "PUT", comment, edit, Set.of(404));
        return answer.status() != 404;
    }

    @Override
    protected OptionalLong createComment(long pullRequest, String body) {
        String call = "create pull request comment";
        return createdId(call, client.send(call, "POST", client.uri(comments(pullRequest)),
                HostClient.object().put("text", body)));
    }
}
