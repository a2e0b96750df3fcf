package dev.plumbline.source.webhook;

import java.util.ArrayList;
import java.util.List;

/**
 * Bitbucket Cloud deliveries. Signed, when the webhook has a secret, in
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256>} over the raw body. The event is in {@code X-Event-Key}
 * ({@code repo:push}; others ignored), the delivery id in {@code X-Request-UUID}. One push lists one or
 * more changes in {@code push.changes}; each names its ref by <em>short</em> name and kind
 * ({@code new.name} and {@code new.type}, {@code branch} or {@code tag}), which become
 * {@code refs/heads/<name>} or {@code refs/tags/<name>}. A created ref has {@code old: null}, a deleted
 * one {@code new: null} (its name is then taken from {@code old}); SHAs are in {@code target.hash}.
 */
final class BitbucketCloudFormat implements HostFormat {

    static final String SIGNATURE = "X-Hub-Signature";
    static final String EVENT = "X-Event-Key";
    static final String DELIVERY = "X-Request-UUID";
    static final String PUSH = "repo:push";

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        return HmacSignature.check(GitHost.BITBUCKET_CLOUD, SIGNATURE, request.header(SIGNATURE), "sha256=",
                request.body(), secret);
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.BITBUCKET_CLOUD, request, EVENT);
        String deliveryId = DeliveryId.of(request, List.of(DELIVERY));
        if (!event.equals(PUSH)) {
            return new Ignored(GitHost.BITBUCKET_CLOUD, deliveryId, event);
        }
        JsonField body = JsonField.parse("Bitbucket Cloud push delivery", request.body());
        List<RefUpdate> updates = new ArrayList<>();
        for (JsonField change : body.get("push").get("changes").elements()) {
            updates.add(update(change));
        }
        JsonField repository = body.get("repository");
        String name = repository.get("full_name").text();
        List<String> urls = PushFields.repositoryUrls(body, List.of(repository.get("links").get("html").get("href")));
        return new Push(GitHost.BITBUCKET_CLOUD, deliveryId, name, urls, updates);
    }

    private static RefUpdate update(JsonField change) {
        JsonField before = change.get("old");
        JsonField after = change.get("new");
        if (before.isAbsent() && after.isAbsent()) {
            throw change.malformed("has neither '" + before.path() + "' nor '" + after.path()
                    + "' in a change; a change has the ref before it, after it, or both");
        }
        String ref = ref(after.isAbsent() ? before : after);
        String from = before.isAbsent() ? null : before.get("target").get("hash").commitId();
        String to = after.isAbsent() ? null : after.get("target").get("hash").commitId();
        if (from == null && to == null) {
            throw change.malformed("has no commit before or after the change of " + ref);
        }
        return new RefUpdate(ref, from, to);
    }

    private static String ref(JsonField state) {
        String name = state.get("name").text();
        String type = state.get("type").text();
        return switch (type) {
            case "branch" -> RefUpdate.BRANCH_PREFIX + name;
            case "tag" -> RefUpdate.TAG_PREFIX + name;
            default -> throw state.malformed("has '" + state.path() + ".type' = " + JsonField.quote(type)
                    + ", where branch or tag belongs");
        };
    }
}
