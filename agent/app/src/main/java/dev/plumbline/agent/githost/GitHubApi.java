package dev.plumbline.agent.githost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * GitHub's REST API (github.com and GitHub Enterprise Server, whose API lives at {@code https://HOST/api/v3}),
 * and Gitea's and Forgejo's, which follow its paths: commit statuses at {@code /repos/{owner}/{repo}/statuses/{sha}},
 * pull-request comments as issue comments at {@code /repos/{owner}/{repo}/issues/{number}/comments}.
 */
final class GitHubApi extends HostApi {

    private static final int GITHUB_PAGE = 100;
    private static final int GITEA_PAGE = 50;

    private final String repo;
    private final boolean gitea;

    private GitHubApi(HostClient client, String owner, String name, boolean gitea) {
        super(client);
        this.repo = "/repos/" + HostClient.segment(owner) + "/" + HostClient.segment(name);
        this.gitea = gitea;
    }

    static GitHubApi github(URI apiUrl, String owner, String name, String token, HttpClient http) {
        return new GitHubApi(new HostClient("GitHub", apiUrl, http, token, List.of(
                "Authorization", "Bearer " + token,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", "2022-11-28")), owner, name, false);
    }

    static GitHubApi gitea(URI apiUrl, String owner, String name, String token, HttpClient http) {
        return new GitHubApi(new HostClient("Gitea", apiUrl, http, token, List.of(
                "Authorization", "token " + token)), owner, name, true);
    }

    @Override
    public void postStatus(String sha, CommitStatus status) {
        ObjectNode body = HostClient.object()
                .put("state", switch (status.state()) {
                    case PENDING -> "pending";
                    case SUCCESS -> "success";
                    case FAILURE -> "failure";
                })
                .put("context", status.context())
                .put("description", status.sentDescription());
        status.targetUrl().ifPresent(url -> body.put("target_url", url));
        client.send("create commit status", "POST", client.uri(repo + "/statuses/" + HostClient.segment(sha)), body);
    }

    @Override
    protected OptionalLong findComment(long pullRequest, String marker) {
        String comments = repo + "/issues/" + pullRequest + "/comments";
        return newestInPages("list pull request comments", page -> client.uri(comments
                + (gitea ? "?page=" + page + "&limit=" + GITEA_PAGE : "?per_page=" + GITHUB_PAGE + "&page=" + page)),
                gitea ? GITEA_PAGE : GITHUB_PAGE, "body", marker, answer -> -1);
    }

    @Override
    protected boolean editComment(long pullRequest, long id, String body) {
        HostClient.Answer answer = client.send("edit pull request comment", "PATCH",
                client.uri(repo + "/issues/comments/" + id), HostClient.object().put("body", body), Set.of(404));
        return answer.status() != 404;
    }

    @Override
    protected OptionalLong createComment(long pullRequest, String body) {
        String call = "create pull request comment";
        return createdId(call, client.send(call, "POST", client.uri(repo + "/issues/" + pullRequest + "/comments"),
                HostClient.object().put("body", body)));
    }
}
