package dev.plumbline.source.webhook;

import java.util.List;
import java.util.Set;

/**
 * Gitea and Forgejo deliveries. They also send GitHub's headers ({@code X-GitHub-Event},
 * {@code X-Hub-Signature-256}), but are read by their own: the event in {@code X-Forgejo-Event} or
 * {@code X-Gitea-Event}, the delivery id in {@code X-Forgejo-Delivery} or {@code X-Gitea-Delivery}, the
 * signature in {@code X-Forgejo-Signature} or {@code X-Gitea-Signature} as bare hex HMAC-SHA256. Without
 * a secret on the hook they still send the signature header, empty; that counts as a missing signature.
 * <p>
 * Unlike GitHub, Gitea signs the JSON and not the request body: when the hook sends a form
 * ({@code payload=<json>}), the signature is over the JSON in the {@code payload} field
 * ({@code services/webhook/deliver.go} signs {@code PayloadContent} before form-encoding it). The push
 * itself is in GitHub's shape, indented.
 * <p>
 * A pull request comes as event {@code pull_request} (older versions name some of them
 * {@code pull_request_sync} in the event header; newer ones put that only in {@code X-Gitea-Event-Type}),
 * in GitHub's shape too, with the action for new commits spelt {@code synchronized}.
 */
final class GiteaFormat implements HostFormat {

    static final List<String> SIGNATURE = List.of("X-Forgejo-Signature", "X-Gitea-Signature");
    static final List<String> EVENT = List.of("X-Forgejo-Event", "X-Gitea-Event");
    static final List<String> DELIVERY = List.of("X-Forgejo-Delivery", "X-Gitea-Delivery");
    static final Set<String> PULL_REQUEST_EVENTS = Set.of("pull_request", "pull_request_sync");

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        String header = SIGNATURE.stream().filter(request::hasHeader).findFirst().orElse(SIGNATURE.get(1));
        return HmacSignature.check(GitHost.GITEA, header, request.header(header), "", signed(request), secret);
    }

    /** The JSON in a form's {@code payload} field, else the body; a form without one cannot match. */
    private static byte[] signed(WebhookRequest request) {
        if (!FormEncodedBody.isForm(request)) {
            return request.body();
        }
        try {
            return FormEncodedBody.payload(request.body(), "Gitea/Forgejo delivery");
        } catch (MalformedWebhookException e) {
            return request.body();
        }
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.GITEA, request, EVENT.toArray(String[]::new));
        String deliveryId = DeliveryId.of(request, DELIVERY);
        if (event.equals("push")) {
            String delivery = "Gitea/Forgejo push delivery";
            return GitHubFormat.push(GitHost.GITEA, deliveryId, JsonField.parse(delivery, FormEncodedBody.json(request, delivery)));
        }
        if (PULL_REQUEST_EVENTS.contains(event)) {
            String delivery = "Gitea/Forgejo pull request delivery";
            return GitHubFormat.pullRequest(GitHost.GITEA, deliveryId,
                    JsonField.parse(delivery, FormEncodedBody.json(request, delivery)));
        }
        return new Ignored(GitHost.GITEA, deliveryId, event);
    }
}
