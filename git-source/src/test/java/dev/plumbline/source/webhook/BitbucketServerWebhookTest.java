package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BitbucketServerWebhookTest extends HmacSignedHostContract {

    private static final String REQUEST_ID = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
    private static final List<String> URLS = List.of("ssh://git@bitbucket.acme.example:7999/ops/infra-live.git",
            "https://bitbucket.acme.example/scm/ops/infra-live.git",
            "https://bitbucket.acme.example/projects/OPS/repos/infra-live/browse");

    @Override
    GitHost host() {
        return GitHost.BITBUCKET_SERVER;
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
        return fixture("bitbucket-server-refs-changed.json");
    }

    @Override
    List<String> unsignedHeaders() {
        return List.of("Content-Type", "application/json; charset=utf-8",
                "User-Agent", "Atlassian HttpClient 4.2.0 / Bitbucket-9.5.2 (9005002) / Default",
                "X-Event-Key", "repo:refs_changed", "X-Request-Id", REQUEST_ID);
    }

    private Push parse(String fixture) {
        return (Push) Webhooks.parse(GitHost.BITBUCKET_SERVER,
                request(fixture(fixture), unsignedHeaders().toArray(String[]::new)));
    }

    @Test
    void readsAPush() {
        Push push = parse("bitbucket-server-refs-changed.json");

        assertThat(push.host()).isEqualTo(GitHost.BITBUCKET_SERVER);
        assertThat(push.deliveryId()).isEqualTo(REQUEST_ID);
        assertThat(push.repository()).isEqualTo("OPS/infra-live");
        assertThat(push.repositoryUrls()).isEqualTo(URLS);
        assertThat(push.updates()).containsExactly(RefUpdate.moved("refs/heads/main",
                "c2ac63736430749585de012fe6f5a6db875f341b", "017aca26035572fe68d85f9632511dd1ff77f2ba"));
    }

    @Test
    void readsADeletedBranch() {
        assertThat(parse("bitbucket-server-refs-changed-branch-deleted.json").updates()).containsExactly(
                RefUpdate.deleted("refs/heads/feature/ldap", "4ccd0197594fa5008984ad0f5aa4d40fd4a44d69"));
    }

    @Test
    void readsEveryChangeOfOnePushInOrder() {
        assertThat(parse("bitbucket-server-refs-changed-tag-and-branch.json").updates()).containsExactly(
                RefUpdate.created("refs/tags/v5.0.0", "017aca26035572fe68d85f9632511dd1ff77f2ba"),
                RefUpdate.moved("refs/heads/release/5.x", "06334a6a7942a82292145b2f201bad41ee32d20b",
                        "017aca26035572fe68d85f9632511dd1ff77f2ba"));
    }

    @Test
    void readsThePingOfTheTestConnectionButton() {
        WebhookRequest ping = request(fixture("bitbucket-server-ping.json"),
                "X-Event-Key", "diagnostics:ping", "X-Request-Id", REQUEST_ID);

        assertThat(Webhooks.detect(ping)).contains(GitHost.BITBUCKET_SERVER);
        assertThat(Webhooks.parse(GitHost.BITBUCKET_SERVER, ping)).isEqualTo(new Ping(GitHost.BITBUCKET_SERVER, REQUEST_ID));
    }

    @Test
    void ignoresOtherEvents() {
        WebhookRequest forked = request(utf8("{}"), "X-Event-Key", "repo:forked", "X-Request-Id", REQUEST_ID);

        assertThat(Webhooks.parse(GitHost.BITBUCKET_SERVER, forked))
                .isEqualTo(new Ignored(GitHost.BITBUCKET_SERVER, REQUEST_ID, "repo:forked"));
    }

    @Test
    void derivesTheDeliveryIdFromTheBodyWithoutXRequestId() {
        byte[] body = push();

        assertThat(Webhooks.parse(GitHost.BITBUCKET_SERVER, request(body, "X-Event-Key", "repo:refs_changed")).deliveryId())
                .isEqualTo(DeliveryId.ofBody(body));
    }
}
