package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Git repository Plumbline watches: where it is, which ref to follow (a branch, a tag, a full commit SHA,
 * or {@code HEAD} for the remote's default branch), how often to poll it, and the secret its webhooks are
 * signed with (none: its webhook endpoint does not exist), the Git host's API that plans and statuses are
 * posted to, and what is done with pull requests.
 */
public record SourceConfig(String name, String url, String ref, Duration interval, Optional<SecretRef> webhookSecret,
                           Optional<GitHostConfig> host, PullRequestPolicy pullRequests, Location location) {

    public static final String DEFAULT_REF = "HEAD";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        ref = ref == null ? DEFAULT_REF : ref;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        webhookSecret = webhookSecret == null ? Optional.empty() : webhookSecret;
        host = host == null ? Optional.empty() : host;
        pullRequests = pullRequests == null ? PullRequestPolicy.OFF : pullRequests;
        Objects.requireNonNull(location, "location");
    }

    /** A source without a Git host API. */
    public SourceConfig(String name, String url, String ref, Duration interval, Optional<SecretRef> webhookSecret,
                        Location location) {
        this(name, url, ref, interval, webhookSecret, Optional.empty(), PullRequestPolicy.OFF, location);
    }

    /** A source without a webhook. */
    public SourceConfig(String name, String url, String ref, Duration interval, Location location) {
        this(name, url, ref, interval, Optional.empty(), location);
    }
}
