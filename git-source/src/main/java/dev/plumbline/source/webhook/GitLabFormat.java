package dev.plumbline.source.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * GitLab deliveries. GitLab does not sign: it sends the secret token itself in {@code X-Gitlab-Token}
 * (with line breaks removed), so verifying compares that header with the secret, through SHA-256 digests
 * of both so that the time taken says nothing about the secret, not even its length. The event is in
 * {@code X-Gitlab-Event}: {@code Push Hook} and {@code Tag Push Hook} are pushes, and so is a
 * {@code System Hook} whose body has {@code object_kind} {@code push} or {@code tag_push}. The delivery id
 * is {@code Idempotency-Key} (the same on every retry), else {@code X-Gitlab-Webhook-UUID}, else
 * {@code X-Gitlab-Event-UUID}. A push names one full ref in {@code ref}, SHAs in {@code before} and
 * {@code after}, and the repository in {@code project} and {@code repository}.
 */
final class GitLabFormat implements HostFormat {

    static final String TOKEN = "X-Gitlab-Token";
    static final String EVENT = "X-Gitlab-Event";
    static final List<String> DELIVERY = List.of("Idempotency-Key", "X-Gitlab-Webhook-UUID", "X-Gitlab-Event-UUID");

    private static final Set<String> PUSH_EVENTS = Set.of("Push Hook", "Tag Push Hook");
    private static final String SYSTEM_HOOK = "System Hook";
    private static final Set<String> PUSH_KINDS = Set.of("push", "tag_push");

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        String token = request.header(TOKEN).orElse("");
        if (token.isEmpty()) {
            return Verification.missing(GitHost.GITLAB, TOKEN);
        }
        boolean same = MessageDigest.isEqual(sha256(token.getBytes(StandardCharsets.UTF_8)), sha256(asSent(secret)));
        return same ? Verification.verified(GitHost.GITLAB, TOKEN) : Verification.mismatch(GitHost.GITLAB, TOKEN);
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.GITLAB, request, EVENT);
        String deliveryId = DeliveryId.of(request, DELIVERY);
        if (PUSH_EVENTS.contains(event)) {
            return push(deliveryId, body(request, event), true);
        }
        if (event.equals(SYSTEM_HOOK)) {
            JsonField body = body(request, event);
            String kind = body.get("object_kind").optionalText().or(() -> body.get("event_name").optionalText())
                    .orElseThrow(() -> body.malformed("has neither 'object_kind' nor 'event_name', so its kind is unknown"));
            return PUSH_KINDS.contains(kind) ? push(deliveryId, body, false) : new Ignored(GitHost.GITLAB, deliveryId, event);
        }
        return new Ignored(GitHost.GITLAB, deliveryId, event);
    }

    private static JsonField body(WebhookRequest request, String event) {
        return JsonField.parse("GitLab " + event + " delivery", request.body());
    }

    private static Push push(String deliveryId, JsonField body, boolean checkKind) {
        if (checkKind) {
            String kind = body.get("object_kind").text();
            if (!PUSH_KINDS.contains(kind)) {
                throw body.malformed("has 'object_kind' = " + JsonField.quote(kind) + ", where push or tag_push belongs");
            }
        }
        RefUpdate update = PushFields.update(body.get("ref").ref(), body.get("before"), body.get("after"));
        JsonField project = body.get("project");
        JsonField repository = body.get("repository");
        String name = project.get("path_with_namespace").text();
        List<String> urls = PushFields.repositoryUrls(body, List.of(
                project.get("git_http_url"), project.get("git_ssh_url"), project.get("web_url"),
                repository.get("git_http_url"), repository.get("git_ssh_url"), repository.get("homepage")));
        return new Push(GitHost.GITLAB, deliveryId, name, urls, List.of(update));
    }

    /** The secret as GitLab puts it in the header: without line breaks, and trimmed as HTTP trims values. */
    private static byte[] asSent(byte[] secret) {
        String text = new String(secret, StandardCharsets.UTF_8).replace("\r", "").replace("\n", "").strip();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime cannot compute SHA-256", e);
        }
    }
}
