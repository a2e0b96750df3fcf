package dev.plumbline.source.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bitbucket Server and Data Center deliveries. Signed, when the webhook has a secret, in
 * {@code X-Hub-Signature: sha256=<hex HMAC-SHA256>} over the raw body. The event is in {@code X-Event-Key}:
 * {@code repo:refs_changed} is a push, {@code diagnostics:ping} the "Test connection" button, others are
 * ignored; the delivery id is in {@code X-Request-Id}. One push lists one or more changes in
 * {@code changes}, each with the full ref in {@code refId} and the SHAs in {@code fromHash} and
 * {@code toHash} (all zeros for a created or deleted ref). The change's {@code type} (ADD, UPDATE, DELETE)
 * says the same as the SHAs and is not read.
 * <p>
 * Every {@code pr:*} event is a pull request, its key saying what happened: {@code pr:opened},
 * {@code pr:from_ref_updated} (new commits), {@code pr:merged}, {@code pr:declined} and {@code pr:deleted};
 * the others ({@code pr:modified}, reviewers, comments...) are {@link PullRequest.Action#OTHER}. All is in
 * {@code pullRequest}: its {@code id}, {@code title}, {@code links.self[0].href} and
 * {@code author.user.name}, and {@code fromRef} and {@code toRef}, each with the full ref in {@code id}, the
 * commit in {@code latestCommit} and the repository in {@code repository}, in the same shape as a push's;
 * the target repository is {@code toRef.repository}.
 */
final class BitbucketServerFormat implements HostFormat {

    static final String SIGNATURE = "X-Hub-Signature";
    static final String EVENT = "X-Event-Key";
    static final String DELIVERY = "X-Request-Id";
    static final String PUSH = "repo:refs_changed";
    static final String PING = "diagnostics:ping";
    static final String PULL_REQUEST_PREFIX = "pr:";

    @Override
    public Verification verify(WebhookRequest request, byte[] secret) {
        return HmacSignature.check(GitHost.BITBUCKET_SERVER, SIGNATURE, request.header(SIGNATURE), "sha256=",
                request.body(), secret);
    }

    @Override
    public WebhookEvent parse(WebhookRequest request) {
        String event = HostFormat.event(GitHost.BITBUCKET_SERVER, request, EVENT);
        String deliveryId = DeliveryId.of(request, List.of(DELIVERY));
        if (event.startsWith(PULL_REQUEST_PREFIX)) {
            return pullRequest(deliveryId, event,
                    JsonField.parse("Bitbucket Server pull request delivery", request.body()));
        }
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
        PushFields.Repository repository = repository(body, body.get("repository"));
        return new Push(GitHost.BITBUCKET_SERVER, deliveryId, repository.name(), repository.urls(), updates);
    }

    private static PullRequest pullRequest(String deliveryId, String event, JsonField body) {
        PullRequest.Action action = switch (event) {
            case "pr:opened" -> PullRequest.Action.OPENED;
            case "pr:from_ref_updated" -> PullRequest.Action.SYNCHRONIZED;
            case "pr:merged", "pr:declined", "pr:deleted" -> PullRequest.Action.CLOSED;
            default -> PullRequest.Action.OTHER;
        };
        JsonField pull = body.get("pullRequest");
        long number = pull.get("id").positiveInteger();
        JsonField fromRef = pull.get("fromRef");
        JsonField toRef = pull.get("toRef");
        PushFields.Repository target = repository(body, toRef.get("repository"));
        String headSha = fromRef.get("latestCommit").headCommitId();
        String headRef = fromRef.get("id").ref();
        String targetRef = toRef.get("id").ref();
        JsonField headRepo = fromRef.get("repository");
        Optional<String> headName = headRepo.isAbsent() ? Optional.empty() : Optional.of(name(headRepo));
        boolean fromFork = headName.map(name -> !name.equalsIgnoreCase(target.name())).orElse(true);
        String url = pull.get("links").get("self").elementsIfAny().stream().findFirst()
                .flatMap(link -> link.get("href").optionalText()).orElse("");
        return new PullRequest(GitHost.BITBUCKET_SERVER, deliveryId, target.name(), target.urls(), number, action,
                targetRef, headSha, headRef, fromFork ? headName : Optional.empty(), fromFork,
                pull.get("title").text(), url,
                pull.get("author").get("user").get("name").optionalText().orElse(""));
    }

    /** {@code PROJECT/slug}, and the clone and web URLs in {@code links.clone[]} and {@code links.self[]}. */
    private static PushFields.Repository repository(JsonField body, JsonField repository) {
        List<JsonField> links = new ArrayList<>();
        repository.get("links").get("clone").elementsIfAny().forEach(link -> links.add(link.get("href")));
        repository.get("links").get("self").elementsIfAny().forEach(link -> links.add(link.get("href")));
        return new PushFields.Repository(name(repository), PushFields.repositoryUrls(body, links,
                "'" + repository.path() + ".links.clone[].href'"));
    }

    /** The project's key and the repository's slug: {@code OPS/infra-live}. */
    private static String name(JsonField repository) {
        return repository.get("project").get("key").text() + "/" + repository.get("slug").text();
    }
}
