package dev.plumbline.config;

/**
 * What a source does with pull requests ({@code sources[].pullRequests}): {@code plan} posts a plan of every
 * pull request aimed at the followed branch (it needs {@code host}); {@code fromForks} lets pull requests
 * from forks be planned too (never with the agent's secrets).
 */
public record PullRequestPolicy(boolean plan, boolean fromForks) {

    public static final PullRequestPolicy OFF = new PullRequestPolicy(false, false);
}
