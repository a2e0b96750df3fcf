package dev.plumbline.agent.githost;

import dev.plumbline.config.GitHostConfig;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * A Git host's API as Plumbline uses it: commit statuses, and one comment of the agent's per pull request
 * that later pushes edit. Every call is synchronous and throws {@link GitHostException} when the host fails
 * or refuses it; {@link GitHostPoster} is the asynchronous front that retries.
 */
public interface GitHostApi {

    /** Posts {@code status} on commit {@code sha}; the host keeps the latest per commit and context. */
    void postStatus(String sha, CommitStatus status);

    /**
     * Posts {@code body} as a comment on pull request {@code pullRequest}, or edits the comment of this agent
     * that is already there: the one whose id this object remembers from an earlier call, else the newest
     * comment whose body holds {@code marker} (the pull request's comments are listed, at most 20 pages).
     * A comment that has been deleted since (editing answers 404) is posted anew.
     *
     * @param marker what tells the agent's comment apart, e.g. {@code <!-- plumbline:plan source=infra -->}
     * @param body   the comment, which contains {@code marker}
     * @throws IllegalArgumentException when {@code body} does not contain {@code marker}
     */
    void upsertComment(long pullRequest, String marker, String body);

    /**
     * The API of {@code config}'s host, authenticated with {@code token} (the value of {@code config.token()}).
     *
     * @throws IllegalArgumentException when {@code config.repository()} is not of the form the host names
     *                                  repositories in
     */
    static GitHostApi of(GitHostConfig config, String token, HttpClient http) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(http, "http");
        String[] path = RepositoryPath.parse(config);
        return switch (config.type()) {
            case GITHUB -> GitHubApi.github(config.apiUrl(), path[0], path[1], token, http);
            case GITEA -> GitHubApi.gitea(config.apiUrl(), path[0], path[1], token, http);
            case GITLAB -> new GitLabApi(config.apiUrl(), config.repository(), token, http);
            case BITBUCKET_CLOUD -> new BitbucketCloudApi(config.apiUrl(), path[0], path[1], token, http);
            case BITBUCKET_SERVER -> new BitbucketServerApi(config.apiUrl(), path[0], path[1], token, http);
        };
    }
}
