package dev.plumbline.source.webhook;

import java.util.List;

/**
 * GitHub deliveries. Signed in {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256>} over the raw body,
 * even when the hook sends a form ({@code payload=<json>}); the legacy SHA-1 {@code X-Hub-Signature} is
 * not looked at. The event is in {@code X-GitHub-Event} ({@code push}, {@code ping}, others ignored), the
 * delivery id in {@code X-GitHub-Delivery}. A push names one full ref in {@code ref} with the SHAs in
 * {@code before} and {@code after}; Gitea sends the same shape, so {@link #push} serves both.
 */
final class GitHubFormat implements HostFormat {

    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        return HmacSignature.check(GitHost.GITHUB, SIGNATURE, request.header(SIGNATURE), "sha256=",
                request.body(), secret);
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.GITHUB, request, EVENT);
        String deliveryId = DeliveryId.of(request, List.of(DELIVERY));
        return switch (event) {
            case "push" -> {
                String delivery = "GitHub push delivery";
                yield push(GitHost.GITHUB, deliveryId, JsonField.parse(delivery, FormEncodedBody.json(request, delivery)));
            }
            case "ping" -> new Ping(GitHost.GITHUB, deliveryId);
            default -> new Ignored(GitHost.GITHUB, deliveryId, event);
        };
    }

    /** A push in GitHub's shape: {@code ref}, {@code before}, {@code after} and {@code repository}. */
    static Push push(GitHost host, String deliveryId, JsonField body) {
        RefUpdate update = PushFields.update(body.get("ref").ref(), body.get("before"), body.get("after"));
        JsonField repository = body.get("repository");
        String name = repository.get("full_name").text();
        List<String> urls = PushFields.repositoryUrls(body, List.of(
                repository.get("clone_url"), repository.get("ssh_url"), repository.get("html_url")));
        return new Push(host, deliveryId, name, urls, List.of(update));
    }
}
