package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BitbucketCloudWebhookTest extends HmacSignedHostContract {

    private static final String REQUEST_UUID = "3b9e2d1c-7f6a-4e5d-9c8b-1a2f3e4d5c6b";

    @Override
    GitHost host() {
        return GitHost.BITBUCKET_CLOUD;
    }

    @Override
    String signatureHeader() {
        return "X-Hub-Signature";
    }

    @Override
    String prefix() {
        return "sha256=";
    }

    @Override
    byte[] push() {
        return fixture("bitbucket-cloud-push.json");
    }

    @Override
    List<String> unsignedHeaders() {
        return List.of("Content-Type", "application/json", "User-Agent", "Bitbucket-Webhooks/2.0",
                "X-Event-Key", "repo:push", "X-Hook-UUID", "{e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b}",
                "X-Request-UUID", REQUEST_UUID, "X-Attempt-Number", "1");
    }

    private Push parse(String fixture) {
        return (Push) Webhooks.parse(GitHost.BITBUCKET_CLOUD,
                request(fixture(fixture), unsignedHeaders().toArray(String[]::new)));
    }

    @Test
    void readsAPushToABranchAsAFullRef() {
        Push push = parse("bitbucket-cloud-push.json");

        assertThat(push.host()).isEqualTo(GitHost.BITBUCKET_CLOUD);
        assertThat(push.deliveryId()).isEqualTo(REQUEST_UUID);
        assertThat(push.repository()).isEqualTo("acme/infra-live");
        assertThat(push.repositoryUrls()).containsExactly("https://bitbucket.org/acme/infra-live");
        assertThat(push.updates()).containsExactly(RefUpdate.moved("refs/heads/main",
                "98de0d47eb7c41b174595110e5c8f78fe862c708", "b63e3fe60717bc498babd048e2635fccd2691751"));
    }

    @Test
    void readsANewBranchWhoseOldSideIsNull() {
        assertThat(parse("bitbucket-cloud-push-branch-created.json").updates()).containsExactly(
                RefUpdate.created("refs/heads/feature/queue", "a9a56174099355a7a5bdb1445681326a31dd55ee"));
    }

    @Test
    void readsADeletedBranchTakingItsNameFromTheOldSide() {
        assertThat(parse("bitbucket-cloud-push-branch-deleted.json").updates()).containsExactly(
                RefUpdate.deleted("refs/heads/feature/old-queue", "966e547022fb72493d3698c3c5c67fbbb852f73f"));
    }

    @Test
    void readsEveryChangeOfOnePushInOrder() {
        Push push = parse("bitbucket-cloud-push-branch-and-tag.json");

        assertThat(push.updates()).containsExactly(
                RefUpdate.moved("refs/heads/main", "98de0d47eb7c41b174595110e5c8f78fe862c708",
                        "b63e3fe60717bc498babd048e2635fccd2691751"),
                RefUpdate.created("refs/tags/v3.1.0", "b63e3fe60717bc498babd048e2635fccd2691751"));
        assertThat(push.update("refs/tags/v3.1.0")).map(RefUpdate::isTag).contains(true);
        assertThat(push.update("refs/heads/v3.1.0")).isEmpty();
    }

    @Test
    void refusesAChangeOfAnUnknownKind() {
        byte[] bookmark = utf8(new String(push(), StandardCharsets.UTF_8).replace("\"type\":\"branch\"", "\"type\":\"bookmark\""));

        assertThatThrownBy(() -> Webhooks.parse(GitHost.BITBUCKET_CLOUD,
                request(bookmark, "X-Event-Key", "repo:push")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Bitbucket Cloud push delivery has 'push.changes[0].new.type' = 'bookmark',"
                        + " where branch or tag belongs");
    }

    @Test
    void refusesAPushWithoutChanges() {
        byte[] empty = utf8("{\"push\":{\"changes\":[]},\"repository\":{\"full_name\":\"acme/infra-live\"}}");

        assertThatThrownBy(() -> Webhooks.parse(GitHost.BITBUCKET_CLOUD, request(empty, "X-Event-Key", "repo:push")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Bitbucket Cloud push delivery has 'push.changes' as an empty array,"
                        + " where a non-empty array belongs");
    }

    @Test
    void ignoresOtherEvents() {
        WebhookRequest request = request(utf8("{}"), "X-Event-Key", "repo:fork", "X-Request-UUID", REQUEST_UUID);

        assertThat(Webhooks.parse(GitHost.BITBUCKET_CLOUD, request))
                .isEqualTo(new Ignored(GitHost.BITBUCKET_CLOUD, REQUEST_UUID, "repo:fork"));
    }
}
