package dev.plumbline.source.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
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
 * <p>
 * A merge request comes as a {@code Merge Request Hook} with {@code object_kind} {@code merge_request}, or
 * as a {@code System Hook} of that kind, in the same shape. The target repository is in {@code project}
 * and {@code repository} as for a push; the rest in {@code object_attributes}: {@code iid} (the number
 * people see; {@code id} is global), {@code action} ({@code open}, {@code reopen}, {@code update},
 * {@code close}, {@code merge}, approvals...), {@code source_branch} and {@code target_branch} (short
 * names), {@code source_project_id} and {@code target_project_id} (different for a fork, whose path is
 * then in {@code source.path_with_namespace}), {@code last_commit.id}, {@code title} and {@code url}; the
 * author's {@code username} is in {@code user}. An {@code update} brought new commits only when it has
 * {@code oldrev} (the head before them); without it, something else changed (the title, labels...).
 */
final class GitLabFormat implements HostFormat {

    static final String TOKEN = "X-Gitlab-Token";
    static final String EVENT = "X-Gitlab-Event";
    static final List<String> DELIVERY = List.of("Idempotency-Key", "X-Gitlab-Webhook-UUID", "X-Gitlab-Event-UUID");

    private static final Set<String> PUSH_EVENTS = Set.of("Push Hook", "Tag Push Hook");
    private static final String SYSTEM_HOOK = "System Hook";
    private static final Set<String> PUSH_KINDS = Set.of("push", "tag_push");
    private static final String MERGE_REQUEST_HOOK = "Merge Request Hook";
    private static final String MERGE_REQUEST_KIND = "merge_request";

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
        if (event.equals(MERGE_REQUEST_HOOK)) {
            JsonField body = body(request, event);
            String kind = body.get("object_kind").text();
            if (!kind.equals(MERGE_REQUEST_KIND)) {
                throw body.malformed("has 'object_kind' = " + JsonField.quote(kind) + ", where merge_request belongs");
            }
            return mergeRequest(deliveryId, body);
        }
        if (event.equals(SYSTEM_HOOK)) {
            JsonField body = body(request, event);
            String kind = body.get("object_kind").optionalText().or(() -> body.get("event_name").optionalText())
                    .orElseThrow(() -> body.malformed("has neither 'object_kind' nor 'event_name', so its kind is unknown"));
            if (PUSH_KINDS.contains(kind)) {
                return push(deliveryId, body, false);
            }
            return kind.equals(MERGE_REQUEST_KIND)
                    ? mergeRequest(deliveryId, body) : new Ignored(GitHost.GITLAB, deliveryId, event);
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
        PushFields.Repository repository = repository(body);
        return new Push(GitHost.GITLAB, deliveryId, repository.name(), repository.urls(), List.of(update));
    }

    private static PullRequest mergeRequest(String deliveryId, JsonField body) {
        JsonField attributes = body.get("object_attributes");
        PullRequest.Action action = switch (attributes.get("action").text()) {
            case "open" -> PullRequest.Action.OPENED;
            case "reopen" -> PullRequest.Action.REOPENED;
            case "update" -> attributes.get("oldrev").optionalText().isPresent()
                    ? PullRequest.Action.SYNCHRONIZED : PullRequest.Action.OTHER;
            case "close", "merge" -> PullRequest.Action.CLOSED;
            default -> PullRequest.Action.OTHER;
        };
        long iid = attributes.get("iid").positiveInteger();
        PushFields.Repository target = repository(body);
        String headSha = attributes.get("last_commit").get("id").headCommitId();
        String headRef = RefUpdate.BRANCH_PREFIX + attributes.get("source_branch").text();
        String targetRef = RefUpdate.BRANCH_PREFIX + attributes.get("target_branch").text();
        boolean fromFork = attributes.get("source_project_id").positiveInteger()
                != attributes.get("target_project_id").positiveInteger();
        Optional<String> headRepository = fromFork
                ? attributes.get("source").get("path_with_namespace").optionalText() : Optional.empty();
        return new PullRequest(GitHost.GITLAB, deliveryId, target.name(), target.urls(), iid, action, targetRef,
                headSha, headRef, headRepository, fromFork, attributes.get("title").text(),
                attributes.get("url").optionalText().orElse(""),
                body.get("user").get("username").optionalText().orElse(""));
    }

    /** The repository in {@code project} and {@code repository}: its path, and its HTTP, SSH and web URLs. */
    private static PushFields.Repository repository(JsonField body) {
        JsonField project = body.get("project");
        JsonField repository = body.get("repository");
        String name = project.get("path_with_namespace").text();
        List<String> urls = PushFields.repositoryUrls(body, List.of(
                project.get("git_http_url"), project.get("git_ssh_url"), project.get("web_url"),
                repository.get("git_http_url"), repository.get("git_ssh_url"), repository.get("homepage")));
        return new PushFields.Repository(name, urls);
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
