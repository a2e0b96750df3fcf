package dev.plumbline.source.webhook;

import java.util.ArrayList;
import java.util.List;

/**
 * Bitbucket Server and Data Center deliveries. Signed, when the webhook has a secret, in
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256>} over the raw body. The event is in {@code X-Event-Key}:
 * {@code repo:refs_changed} is a push, {@code diagnostics:ping} the "Test connection" button, others are
 * ignored; the delivery id is in {@code X-Request-Id}. One push lists one or more changes in
 * {@code changes}, each with the full ref in {@code refId} and the SHAs in {@code fromHash} and
 * {@code toHash} (all zeros for a created or deleted ref). The change's {@code type} (ADD, UPDATE, DELETE)
 * says the same as the SHAs and is not read.
 */
final class BitbucketServerFormat implements HostFormat {

    static final String SIGNATURE = "X-Hub-Signature";
    static final String EVENT = "X-Event-Key";
    static final String DELIVERY = "X-Request-Id";
    static final String PUSH = "repo:refs_changed";
    static final String PING = "diagnostics:ping";

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        return HmacSignature.check(GitHost.BITBUCKET_SERVER, SIGNATURE, request.header(SIGNATURE), "sha256=",
                request.body(), secret);
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.BITBUCKET_SERVER, request, EVENT);
        String deliveryId = DeliveryId.of(request, List.of(DELIVERY));
        return switch (event) {
            case PUSH -> push(deliveryId, JsonField.parse("Bitbucket Server push delivery", request.body()));
            case PING -> new Ping(GitHost.BITBUCKET_SERVER, deliveryId);
            default -> new Ignored(GitHost.BITBUCKET_SERVER, deliveryId, event);
        };
    }

    private static Push push(String deliveryId, JsonField body) {
        List<RefUpdate> updates = new ArrayList<>();
        for (JsonField change : body.get("changes").elements()) {
            updates.add(PushFields.update(change.get("refId").ref(), change.get("fromHash"), change.get("toHash")));
        }
        JsonField repository = body.get("repository");
        String name = repository.get("project").get("key").text() + "/" + repository.get("slug").text();
        List<JsonField> links = new ArrayList<>();
        repository.get("links").get("clone").elementsIfAny().forEach(link -> links.add(link.get("href")));
        repository.get("links").get("self").elementsIfAny().forEach(link -> links.add(link.get("href")));
        return new Push(GitHost.BITBUCKET_SERVER, deliveryId, name, PushFields.repositoryUrls(body, links,
                "'repository.links.clone[].href'"), updates);
    }
}
