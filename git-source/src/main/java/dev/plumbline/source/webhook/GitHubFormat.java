package dev.plumbline.source.webhook;

import java.util.List;
import java.util.Optional;

/**
 * GitHub deliveries. Signed in {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256>} over the raw body,
 * even when the hook sends a form ({@code payload=<json>}); the legacy SHA-1 {@code X-Hub-Signature} is
 * not looked at. The event is in {@code X-GitHub-Event} ({@code push}, {@code pull_request}, {@code ping},
 * others ignored), the delivery id in {@code X-GitHub-Delivery}. A push names one full ref in {@code ref}
 * with the SHAs in {@code before} and {@code after}; Gitea sends the same shape, so {@link #push} serves
 * both.
 * <p>
 * A pull request has its {@code number} and {@code action} at the top ({@code opened}, {@code reopened},
 * {@code synchronize}, {@code closed}, many others), the target repository in {@code repository} as a
 * push has it, and the rest in {@code pull_request}: {@code head} and {@code base} with a short branch
 * name in {@code ref}, the commit in {@code sha} and the repository in {@code repo} ({@code null} once a
 * fork is deleted), {@code title}, {@code html_url} and {@code user.login}. Gitea sends the same shape,
 * spelling the new-commits action {@code synchronized}, so {@link #pullRequest} serves both.
 */
final class GitHubFormat implements HostFormat {

    static final String SIGNATURE = "X-Hub-Signature-256";
    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";
    static final String PULL_REQUEST = "pull_request";

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
            case PULL_REQUEST -> {
                String delivery = "GitHub pull request delivery";
                yield pullRequest(GitHost.GITHUB, deliveryId,
                        JsonField.parse(delivery, FormEncodedBody.json(request, delivery)));
            }
            case "ping" -> new Ping(GitHost.GITHUB, deliveryId);
            default -> new Ignored(GitHost.GITHUB, deliveryId, event);
        };
    }

    /** A push in GitHub's shape: {@code ref}, {@code before}, {@code after} and {@code repository}. */
    static Push push(GitHost host, String deliveryId, JsonField body) {
        RefUpdate update = PushFields.update(body.get("ref").ref(), body.get("before"), body.get("after"));
        PushFields.Repository repository = repository(body);
        return new Push(host, deliveryId, repository.name(), repository.urls(), List.of(update));
    }

    /**
     * A pull request in GitHub's shape: {@code action}, {@code number}, {@code repository} and
     * {@code pull_request}. Both {@code synchronize} (GitHub) and {@code synchronized} (Gitea) are new
     * commits. A {@code ref} that is already a full ref is kept: Gitea writes {@code refs/pull/N/head} there
     * when the head branch is gone or the pull request came by AGit.
     */
    static PullRequest pullRequest(GitHost host, String deliveryId, JsonField body) {
        PullRequest.Action action = switch (body.get("action").text()) {
            case "opened" -> PullRequest.Action.OPENED;
            case "reopened" -> PullRequest.Action.REOPENED;
            case "synchronize", "synchronized" -> PullRequest.Action.SYNCHRONIZED;
            case "closed" -> PullRequest.Action.CLOSED;
            default -> PullRequest.Action.OTHER;
        };
        long number = body.get("number").positiveInteger();
        PushFields.Repository target = repository(body);
        JsonField pull = body.get(PULL_REQUEST);
        JsonField head = pull.get("head");
        JsonField base = pull.get("base");
        String headSha = head.get("sha").headCommitId();
        String headRef = branchRef(head.get("ref"));
        String targetRef = branchRef(base.get("ref"));
        JsonField headRepo = head.get("repo");
        Optional<String> headName = headRepo.isAbsent()
                ? Optional.empty() : Optional.of(headRepo.get("full_name").text());
        String baseName = base.get("repo").get("full_name").optionalText().orElse(target.name());
        boolean fromFork = headName.map(name -> !name.equalsIgnoreCase(baseName)).orElse(true);
        return new PullRequest(host, deliveryId, target.name(), target.urls(), number, action, targetRef, headSha,
                headRef, fromFork ? headName : Optional.empty(), fromFork, pull.get("title").text(),
                pull.get("html_url").optionalText().orElse(""),
                pull.get("user").get("login").optionalText().orElse(""));
    }

    /** The repository in {@code repository}: {@code full_name}, and the clone, SSH and web URLs. */
    private static PushFields.Repository repository(JsonField body) {
        JsonField repository = body.get("repository");
        String name = repository.get("full_name").text();
        List<String> urls = PushFields.repositoryUrls(body, List.of(
                repository.get("clone_url"), repository.get("ssh_url"), repository.get("html_url")));
        return new PushFields.Repository(name, urls);
    }

    /** A branch's full ref from its short name ({@code main}); a full ref ({@code refs/...}) is kept. */
    private static String branchRef(JsonField name) {
        String text = name.text();
        return text.startsWith("refs/") ? name.ref() : RefUpdate.BRANCH_PREFIX + text;
    }
}
