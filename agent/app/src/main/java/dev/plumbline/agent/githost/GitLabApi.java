package dev.plumbline.agent.githost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * GitLab's REST API v4 (gitlab.com and self-managed, {@code https://HOST/api/v4}): the project is named by
 * its URL-encoded path ({@code group%2Fsub%2Fproject}), commit statuses go to
 * {@code /projects/{id}/statuses/{sha}}, the comment is a merge request note.
 */
final class GitLabApi extends HostApi {

    private static final int PAGE = 100;

    private final String project;

    GitLabApi(URI apiUrl, String projectPath, String token, HttpClient http) {
        super(new HostClient("GitLab", apiUrl, http, token, List.of("PRIVATE-TOKEN", token)));
        this.project = "/projects/" + HostClient.segment(projectPath);
    }

    @Override
    public void postStatus(String sha, CommitStatus status) {
        ObjectNode body = HostClient.object()
                .put("state", switch (status.state()) {
                    case PENDING -> "pending";
                    case SUCCESS -> "success";
                    case FAILURE -> "failed";
                })
                .put("name", status.context())
                .put("description", status.sentDescription());
        status.targetUrl().ifPresent(url -> body.put("target_url", url));
        client.send("create commit status", "POST", client.uri(project + "/statuses/" + HostClient.segment(sha)),
                body);
    }

    private String notes(long mergeRequest) {
        return project + "/merge_requests/" + mergeRequest + "/notes";
    }

    @Override
    protected OptionalLong findComment(long mergeRequest, String marker) {
        return newestInPages("list merge request notes",
                page -> client.uri(notes(mergeRequest) + "?per_page=" + PAGE + "&page=" + page), PAGE, "body",
                marker, GitLabApi::nextPage);
    }

    /** X-Next-Page: the next page's number, empty on the last; without it (-1) the page's size decides. */
    private static int nextPage(HostClient.Answer answer) {
        Optional<String> next = answer.headers().firstValue("X-Next-Page");
        if (next.isEmpty()) {
            return -1;
        }
        try {
            return next.get().isBlank() ? 0 : Math.max(0, Integer.parseInt(next.get().strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    protected boolean editComment(long mergeRequest, long id, String body) {
        HostClient.Answer answer = client.send("edit merge request note", "PUT",
                client.uri(notes(mergeRequest) + "/" + id), HostClient.object().put("body", body), Set.of(404));
        return answer.status() != 404;
    }

    @Override
    protected OptionalLong createComment(long mergeRequest, String body) {
        String call = "create merge request note";
        return createdId(call, client.send(call, "POST", client.uri(notes(mergeRequest)),
                HostClient.object().put("body", body)));
    }
}
