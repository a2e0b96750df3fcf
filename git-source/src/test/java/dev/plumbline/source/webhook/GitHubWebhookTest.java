package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.SECRET;
import static dev.plumbline.source.webhook.Deliveries.SECRET_BYTES;
import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.hmacSha256Hex;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubWebhookTest extends HmacSignedHostContract {

    private static final String DELIVERY = "7b0e4a3c-a1d2-11ef-8c3e-2f1d6c0a9b55";

    @Override
    GitHost host() {
        return GitHost.GITHUB;
    }

    @Override
    String signatureHeader() {
        return "X-Hub-Signature-256";
    }

    @Override
    String prefix() {
        return "sha256=";
    }

    @Override
    byte[] push() {
        return fixture("github-push.json");
    }

    @Override
    List<String> unsignedHeaders() {
        return List.of("Content-Type", "application/json", "User-Agent", "GitHub-Hookshot/3f2a9c1",
                "X-GitHub-Event", "push", "X-GitHub-Delivery", DELIVERY, "X-GitHub-Hook-ID", "480011223");
    }

    private static WebhookRequest delivery(String event, byte[] body) {
        return request(body, "X-GitHub-Event", event, "X-GitHub-Delivery", DELIVERY);
    }

    @Test
    void passesTheKnownAnswerTestFromGitHubsDocs() {
        byte[] body = utf8("Hello, World!");
        WebhookRequest request = request(body, "X-GitHub-Event", "push", "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

        assertThat(Webhooks.verify(GitHost.GITHUB, request, utf8("It's a Secret to Everybody")).valid()).isTrue();
        assertThat(Webhooks.verify(GitHost.GITHUB, request, utf8("It's a Secret to Everybody!")).reason())
                .isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void ignoresTheLegacySha1Header() {
        WebhookRequest request = request(push(), "X-GitHub-Event", "push",
                "X-Hub-Signature", "sha1=" + "a".repeat(40));

        assertThat(Webhooks.verify(GitHost.GITHUB, request, SECRET_BYTES).reason())
                .isEqualTo(Verification.MISSING_SIGNATURE);
    }

    @Test
    void readsAPushToABranch() {
        Push push = (Push) Webhooks.parse(GitHost.GITHUB, delivery("push", push()));

        assertThat(push.host()).isEqualTo(GitHost.GITHUB);
        assertThat(push.deliveryId()).isEqualTo(DELIVERY);
        assertThat(push.repository()).isEqualTo("acme/infra-live");
        assertThat(push.repositoryUrls()).containsExactly("https://github.com/acme/infra-live.git",
                "git@github.com:acme/infra-live.git", "https://github.com/acme/infra-live");
        assertThat(push.updates()).containsExactly(RefUpdate.moved("refs/heads/main",
                "7cea710f62cb9d71c3f545e815375058d590b7f1", "7dd52b69157ba70883ba3c139d6ffad9547a71f7"));
    }

    @Test
    void readsANewBranchADeletedBranchAndATag() {
        Push created = (Push) Webhooks.parse(GitHost.GITHUB, delivery("push", fixture("github-push-branch-created.json")));
        Push deleted = (Push) Webhooks.parse(GitHost.GITHUB, delivery("push", fixture("github-push-branch-deleted.json")));
        Push tag = (Push) Webhooks.parse(GitHost.GITHUB, delivery("push", fixture("github-push-tag.json")));

        assertThat(created.updates()).containsExactly(
                RefUpdate.created("refs/heads/feature/tls", "56e59d50c47763d3b30e8fd4ad81e9a192efead4"));
        assertThat(created.updates().get(0).isCreated()).isTrue();
        assertThat(deleted.updates()).containsExactly(
                RefUpdate.deleted("refs/heads/feature/old-dns", "d9b2159f6d90bcb856e03dda14a9df29c3fa145c"));
        assertThat(deleted.updates().get(0).isDeleted()).isTrue();
        assertThat(deleted.updates().get(0).after()).isNull();
        assertThat(tag.updates()).containsExactly(
                RefUpdate.created("refs/tags/v1.4.0", "7dd52b69157ba70883ba3c139d6ffad9547a71f7"));
        assertThat(tag.updates().get(0).isTag()).isTrue();
    }

    @Test
    void readsAPingAndIgnoresOtherEvents() {
        assertThat(Webhooks.parse(GitHost.GITHUB, delivery("ping", fixture("github-ping.json"))))
                .isEqualTo(new Ping(GitHost.GITHUB, DELIVERY));
        assertThat(Webhooks.parse(GitHost.GITHUB, delivery("issues", utf8("{\"action\":\"opened\"}"))))
                .isEqualTo(new Ignored(GitHost.GITHUB, DELIVERY, "issues"));
        assertThat(Webhooks.parse(GitHost.GITHUB, delivery("pull_request_review", utf8("{\"action\":\"submitted\"}"))))
                .isEqualTo(new Ignored(GitHost.GITHUB, DELIVERY, "pull_request_review"));
    }

    @Test
    void readsAFormEncodedDeliveryWhoseSignatureIsOverTheFormBytes() {
        byte[] form = fixture("github-push.form");
        WebhookRequest request = request(form, "Content-Type", "application/x-www-form-urlencoded",
                "X-GitHub-Event", "push", "X-GitHub-Delivery", DELIVERY,
                "X-Hub-Signature-256", "sha256=" + hmacSha256Hex(SECRET, form));
        WebhookRequest signedOverJson = request(form, "Content-Type", "application/x-www-form-urlencoded",
                "X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hmacSha256Hex(SECRET, push()));

        assertThat(Webhooks.verify(GitHost.GITHUB, request, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.verify(GitHost.GITHUB, signedOverJson, SECRET_BYTES).reason())
                .isEqualTo(Verification.BAD_SIGNATURE);
        assertThat(Webhooks.parse(GitHost.GITHUB, request))
                .isEqualTo(Webhooks.parse(GitHost.GITHUB, delivery("push", push())));
    }

    @Test
    void derivesADeliveryIdFromTheBodyWhenTheHeaderIsMissing() {
        WebhookEvent once = Webhooks.parse(GitHost.GITHUB, request(push(), "X-GitHub-Event", "push"));
        WebhookEvent again = Webhooks.parse(GitHost.GITHUB, request(push(), "X-GitHub-Event", "push"));
        WebhookEvent other = Webhooks.parse(GitHost.GITHUB,
                request(fixture("github-push-tag.json"), "X-GitHub-Event", "push"));

        assertThat(once.deliveryId()).matches("sha256:[0-9a-f]{16}").isEqualTo(again.deliveryId());
        assertThat(other.deliveryId()).matches("sha256:[0-9a-f]{16}").isNotEqualTo(once.deliveryId());
    }

    @Test
    void refusesADeliveryWithoutAnEventHeader() {
        assertThatThrownBy(() -> Webhooks.parse(GitHost.GITHUB, request(push(), "X-GitHub-Delivery", DELIVERY)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitHub delivery has no X-GitHub-Event header, so its event type is unknown;"
                        + " GitHub always sends one");
    }

    @Test
    void refusesAPushWhoseRefIsShortOrWhoseShaIsNotASha() {
        byte[] shortRef = utf8(new String(push(), StandardCharsets.UTF_8)
                .replace("\"ref\":\"refs/heads/main\"", "\"ref\":\"main\""));
        byte[] badSha = utf8(new String(push(), StandardCharsets.UTF_8)
                .replace("\"after\":\"7dd52b69157ba70883ba3c139d6ffad9547a71f7\"", "\"after\":\"7dd52b6\""));

        assertThatThrownBy(() -> Webhooks.parse(GitHost.GITHUB, delivery("push", shortRef)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitHub push delivery has 'ref' = 'main', where a full ref such as refs/heads/main belongs");
        assertThatThrownBy(() -> Webhooks.parse(GitHost.GITHUB, delivery("push", badSha)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitHub push delivery has 'after' = '7dd52b6', where a commit SHA (40 or 64 hex digits) belongs");
    }
}
