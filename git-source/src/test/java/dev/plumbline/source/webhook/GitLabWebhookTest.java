package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.SECRET;
import static dev.plumbline.source.webhook.Deliveries.SECRET_BYTES;
import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GitLabWebhookTest {

    private static final String IDEMPOTENCY_KEY = "0b7d6f5e-3c2a-4e19-9d8b-7a6f5e4d3c2b";
    private static final String WEBHOOK_UUID = "5e4d3c2b-1a09-4f8e-b7c6-d5e4f3a2b1c0";
    private static final String EVENT_UUID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
    private static final List<String> URLS = List.of(
            "https://gitlab.acme.example/platform/team/infra-live.git",
            "git@gitlab.acme.example:platform/team/infra-live.git",
            "https://gitlab.acme.example/platform/team/infra-live");

    private static WebhookRequest delivery(String event, byte[] body, String token) {
        return request(body, "Content-Type", "application/json", "User-Agent", "GitLab/17.6.0",
                "X-Gitlab-Event", event, "Idempotency-Key", IDEMPOTENCY_KEY, "X-Gitlab-Webhook-UUID", WEBHOOK_UUID,
                "X-Gitlab-Event-UUID", EVENT_UUID, "X-Gitlab-Instance", "https://gitlab.acme.example",
                "X-Gitlab-Token", token);
    }

    private static WebhookEvent parse(String event, String fixture) {
        return Webhooks.parse(GitHost.GITLAB, delivery(event, fixture(fixture), SECRET));
    }

    @Test
    void acceptsTheTokenThatIsTheSecret() {
        Verification verification = Webhooks.verify(GitHost.GITLAB,
                delivery("Push Hook", fixture("gitlab-push.json"), SECRET), SECRET_BYTES);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.reason()).isEqualTo(Verification.VERIFIED);
        assertThat(verification.message()).contains("X-Gitlab-Token");
    }

    @Test
    void rejectsAnotherTokenAndSaysNothingOfEither() {
        for (String token : List.of(SECRET + "x", SECRET.substring(1), SECRET.toUpperCase(Locale.ROOT), "x")) {
            Verification verification = Webhooks.verify(GitHost.GITLAB,
                    delivery("Push Hook", fixture("gitlab-push.json"), token), SECRET_BYTES);

            assertThat(verification.reason()).as(token).isEqualTo(Verification.BAD_SIGNATURE);
            assertThat(verification.message()).contains("X-Gitlab-Token").doesNotContain(SECRET).doesNotContain(token);
        }
    }

    @Test
    void reportsAMissingOrEmptyToken() {
        WebhookRequest without = request(fixture("gitlab-push.json"), "X-Gitlab-Event", "Push Hook");
        WebhookRequest empty = delivery("Push Hook", fixture("gitlab-push.json"), "");

        for (WebhookRequest request : List.of(without, empty)) {
            Verification verification = Webhooks.verify(GitHost.GITLAB, request, SECRET_BYTES);
            assertThat(verification.reason()).isEqualTo(Verification.MISSING_SIGNATURE);
            assertThat(verification.message()).contains("X-Gitlab-Token").contains("GitLab");
        }
    }

    @Test
    void comparesTheTokenAsGitLabSendsItWithoutLineBreaks() {
        WebhookRequest request = request(fixture("gitlab-push.json"), "x-gitlab-token", "line-one-line-two");

        assertThat(Webhooks.verify(GitHost.GITLAB, request, utf8("line-one-\nline-two\n")).valid()).isTrue();
        assertThat(Webhooks.verify(GitHost.GITLAB, request, utf8("line-one-line-three")).valid()).isFalse();
    }

    @Test
    void readsAPushToABranch() {
        Push push = (Push) parse("Push Hook", "gitlab-push.json");

        assertThat(push.host()).isEqualTo(GitHost.GITLAB);
        assertThat(push.deliveryId()).isEqualTo(IDEMPOTENCY_KEY);
        assertThat(push.repository()).isEqualTo("platform/team/infra-live");
        assertThat(push.repositoryUrls()).isEqualTo(URLS);
        assertThat(push.updates()).containsExactly(RefUpdate.moved("refs/heads/main",
                "f49de81d68684cd98ce6506fb4a6be6590507834", "6c3bd43f199a9726419025c836310fe4b071af14"));
    }

    @Test
    void readsATagPushAndADeletedBranch() {
        Push tag = (Push) parse("Tag Push Hook", "gitlab-tag-push.json");
        Push deleted = (Push) parse("Push Hook", "gitlab-push-branch-deleted.json");

        assertThat(tag.updates()).containsExactly(
                RefUpdate.created("refs/tags/v2.0.0", "2370c225288e9433a3722c1288720d22fb245962"));
        assertThat(deleted.updates()).containsExactly(
                RefUpdate.deleted("refs/heads/hotfix/pg-13", "e4409473efd3db1ee68be7a95154fda47bff3a7a"));
    }

    @Test
    void readsASystemHookPushAndIgnoresOtherSystemHooks() {
        Push push = (Push) parse("System Hook", "gitlab-system-hook-push.json");
        WebhookEvent projectCreated = parse("System Hook", "gitlab-system-hook-project-create.json");

        assertThat(push.updates()).containsExactly(RefUpdate.moved("refs/heads/release/2024-11",
                "3a3c1fe9fce68e760ea39a597cefa836c38a5144", "41a63d43a2fb96a5181ae82cfe7b1d8440ac06e6"));
        assertThat(push.repositoryUrls()).isEqualTo(URLS);
        assertThat(projectCreated).isEqualTo(new Ignored(GitHost.GITLAB, IDEMPOTENCY_KEY, "System Hook"));
    }

    @Test
    void ignoresOtherEventsWithoutReadingTheirBody() {
        WebhookRequest issue = delivery("Issue Hook", utf8("not even JSON"), SECRET);

        assertThat(Webhooks.parse(GitHost.GITLAB, issue))
                .isEqualTo(new Ignored(GitHost.GITLAB, IDEMPOTENCY_KEY, "Issue Hook"));
    }

    @Test
    void takesTheDeliveryIdFromIdempotencyKeyThenWebhookUuidThenEventUuidThenTheBody() {
        byte[] body = fixture("gitlab-push.json");

        assertThat(Webhooks.parse(GitHost.GITLAB, request(body, "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Event-UUID", EVENT_UUID, "X-Gitlab-Webhook-UUID", WEBHOOK_UUID)).deliveryId())
                .isEqualTo(WEBHOOK_UUID);
        assertThat(Webhooks.parse(GitHost.GITLAB, request(body, "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Event-UUID", EVENT_UUID)).deliveryId())
                .isEqualTo(EVENT_UUID);
        assertThat(Webhooks.parse(GitHost.GITLAB, request(body, "X-Gitlab-Event", "Push Hook",
                "Idempotency-Key", "", "X-Gitlab-Event-UUID", EVENT_UUID)).deliveryId())
                .isEqualTo(EVENT_UUID);
        assertThat(Webhooks.parse(GitHost.GITLAB, request(body, "X-Gitlab-Event", "Push Hook")).deliveryId())
                .isEqualTo(DeliveryId.ofBody(body))
                .matches("sha256:[0-9a-f]{16}");
    }

    @Test
    void refusesAPushHookWhoseBodyIsNotAPush() {
        byte[] mergeRequest = utf8("{\"object_kind\":\"merge_request\",\"event_type\":\"merge_request\"}");

        assertThatThrownBy(() -> Webhooks.parse(GitHost.GITLAB, delivery("Push Hook", mergeRequest, SECRET)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitLab Push Hook delivery has 'object_kind' = 'merge_request',"
                        + " where push or tag_push belongs");
    }
}
