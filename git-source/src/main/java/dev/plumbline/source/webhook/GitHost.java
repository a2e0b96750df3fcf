package dev.plumbline.source.webhook;

/**
 * The Git hosts whose push and pull-request deliveries Plumbline understands. Each sends its own headers,
 * signs (or does not sign) in its own way and puts the pushed ref in its own place; {@link Webhooks} knows
 * them all. Forgejo is a fork of Gitea that sends the same payloads, so both are {@link #GITEA}.
 */
public enum GitHost {
    GITHUB("GitHub"),
    GITLAB("GitLab"),
    GITEA("Gitea/Forgejo"),
    BITBUCKET_CLOUD("Bitbucket Cloud"),
    BITBUCKET_SERVER("Bitbucket Server");

    private final String displayName;

    GitHost(String displayName) {
        this.displayName = displayName;
    }

    /** The host's name as people write it, for messages: "GitHub", "Bitbucket Server". */
    public String displayName() {
        return displayName;
    }
}
