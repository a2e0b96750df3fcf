package dev.plumbline.source.webhook;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads webhook deliveries from Git hosts: which host sent one ({@link #detect}), whether it knows the
 * hook's secret ({@link #verify}), and what it says ({@link #parse}: a {@link Push}, a {@link PullRequest},
 * a {@link Ping} or an {@link Ignored} event). Pure: no HTTP server, no network, no clock; the receiving
 * endpoint hands in the headers and the raw body bytes and decides what to answer.
 * <p>
 * A receiver verifies before it parses, and gives the same answer to a redelivery with the same
 * {@link WebhookEvent#deliveryId()}.
 */
public final class Webhooks {

    private static final Map<GitHost, HostFormat> FORMATS = new EnumMap<>(Map.of(
            GitHost.GITHUB, new GitHubFormat(),
            GitHost.GITLAB, new GitLabFormat(),
            GitHost.GITEA, new GiteaFormat(),
            GitHost.BITBUCKET_CLOUD, new BitbucketCloudFormat(),
            GitHost.BITBUCKET_SERVER, new BitbucketServerFormat()));

    private Webhooks() {
    }

    /**
     * The host that sent the request, from its headers; empty when none is recognised. Gitea and Forgejo
     * also send GitHub's {@code X-GitHub-*} headers, so their own {@code X-Gitea-Event} and
     * {@code X-Forgejo-Event} are looked for first. Both Bitbucket products send {@code X-Event-Key}:
     * {@code repo:push} and every {@code pullrequest:*} key are Cloud's, {@code repo:refs_changed},
     * {@code diagnostics:ping} and every {@code pr:*} key are Server's; for other events, Cloud's
     * {@code X-Request-UUID} or {@code X-Hook-UUID} and Server's {@code X-Request-Id} tell them apart.
     */
    public static Optional<GitHost> detect(WebhookRequest request) {
        Objects.requireNonNull(request, "request");
        if (request.hasHeader("X-Forgejo-Event") || request.hasHeader("X-Gitea-Event")) {
            return Optional.of(GitHost.GITEA);
        }
        if (request.hasHeader(GitLabFormat.EVENT)) {
            return Optional.of(GitHost.GITLAB);
        }
        if (request.hasHeader(GitHubFormat.EVENT)) {
            return Optional.of(GitHost.GITHUB);
        }
        return request.header(BitbucketCloudFormat.EVENT).filter(key -> !key.isEmpty())
                .flatMap(key -> bitbucket(key, request));
    }

    /**
     * Whether the request proves it knows {@code secret}, in {@code host}'s way (an HMAC of the raw body,
     * or GitLab's token). Compares in constant time; the result never holds the secret or a signature.
     *
     * @param secret the secret set on the hook, as bytes (normally its UTF-8); never empty: a receiver
     *               that accepts unsigned deliveries decides so without calling this
     */
    public static Verification verify(GitHost host, WebhookRequest request, byte[] secret) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        return format(host).verify(request, secret);
    }

    /**
     * What the request says, read as {@code host} writes it.
     *
     * @throws MalformedWebhookException if the request names no event, or is a push or a pull request
     *                                   whose body is not JSON of the shape {@code host} sends, with a
     *                                   sentence naming the header or field at fault
     */
    public static WebhookEvent parse(GitHost host, WebhookRequest request) {
        Objects.requireNonNull(request, "request");
        return format(host).parse(request);
    }

    private static Optional<GitHost> bitbucket(String eventKey, WebhookRequest request) {
        if (eventKey.equals(BitbucketCloudFormat.PUSH)
                || eventKey.startsWith(BitbucketCloudFormat.PULL_REQUEST_PREFIX)) {
            return Optional.of(GitHost.BITBUCKET_CLOUD);
        }
        if (eventKey.equals(BitbucketServerFormat.PUSH) || eventKey.equals(BitbucketServerFormat.PING)
                || eventKey.startsWith(BitbucketServerFormat.PULL_REQUEST_PREFIX)) {
            return Optional.of(GitHost.BITBUCKET_SERVER);
        }
        if (request.hasHeader(BitbucketCloudFormat.DELIVERY) || request.hasHeader("X-Hook-UUID")) {
            return Optional.of(GitHost.BITBUCKET_CLOUD);
        }
        if (request.hasHeader(BitbucketServerFormat.DELIVERY)) {
            return Optional.of(GitHost.BITBUCKET_SERVER);
        }
        return Optional.empty();
    }

    private static HostFormat format(GitHost host) {
        return FORMATS.get(Objects.requireNonNull(host, "host"));
    }
}
