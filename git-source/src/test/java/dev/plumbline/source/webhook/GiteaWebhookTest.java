package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.SECRET;
import static dev.plumbline.source.webhook.Deliveries.SECRET_BYTES;
import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.hmacSha256Hex;
import static dev.plumbline.source.webhook.Deliveries.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GiteaWebhookTest extends HmacSignedHostContract {

    private static final String DELIVERY = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

    @Override
    GitHost host() {
        return GitHost.GITEA;
    }

    @Override
    String signatureHeader() {
        return "X-Gitea-Signature";
    }

    @Override
    String prefix() {
        return "";
    }

    @Override
    byte[] push() {
        return fixture("gitea-push.json");
    }

    /** All the headers Gitea sends, GitHub's included; the signature headers other than its own are empty. */
    @Override
    List<String> unsignedHeaders() {
        return List.of("Content-Type", "application/json", "X-Gitea-Delivery", DELIVERY, "X-Gitea-Event", "push",
                "X-Gitea-Event-Type", "push", "X-Gogs-Delivery", DELIVERY, "X-Gogs-Event", "push",
                "X-GitHub-Delivery", DELIVERY, "X-GitHub-Event", "push", "X-GitHub-Event-Type", "push",
                "X-Hub-Signature", "sha1=", "X-Hub-Signature-256", "sha256=");
    }

    @Test
    void isDetectedAsGiteaThoughItAlsoSendsGitHubHeaders() {
        WebhookRequest request = signed(push(), hmacSha256Hex(SECRET, push()));

        assertThat(Webhooks.detect(request)).contains(GitHost.GITEA);
    }

    @Test
    void takesTheEmptySignatureSentWithoutASecretForAMissingOne() {
        Verification verification = verify(signed(push(), ""));

        assertThat(verification.reason()).isEqualTo(Verification.MISSING_SIGNATURE);
        assertThat(verification.message()).contains("X-Gitea-Signature");
    }

    @Test
    void readsAPushFromTheIndentedBody() {
        Push push = (Push) Webhooks.parse(GitHost.GITEA, signed(push(), hmacSha256Hex(SECRET, push())));

        assertThat(push.host()).isEqualTo(GitHost.GITEA);
        assertThat(push.deliveryId()).isEqualTo(DELIVERY);
        assertThat(push.repository()).isEqualTo("acme/infra-live");
        assertThat(push.repositoryUrls()).containsExactly("https://git.acme.example/acme/infra-live.git",
                "ssh://git@git.acme.example:2222/acme/infra-live.git", "https://git.acme.example/acme/infra-live");
        assertThat(push.updates()).containsExactly(RefUpdate.moved("refs/heads/main",
                "22d1847c89a1b613333612adb5ef09580cbc38d1", "229becdd558cabbade982ec9efbf980bc18709cc"));
    }

    @Test
    void readsTheFirstPushOfANewBranch() {
        byte[] body = fixture("gitea-push-branch-created.json");
        Push push = (Push) Webhooks.parse(GitHost.GITEA, signed(body, hmacSha256Hex(SECRET, body)));

        assertThat(push.updates()).containsExactly(
                RefUpdate.created("refs/heads/staging", "c888f7480a5a0b0a21eaaf52c3bda73a8d350c17"));
    }

    @Test
    void readsForgejoHeaders() {
        WebhookRequest forgejo = request(push(), "X-Forgejo-Delivery", "f-0001", "X-Forgejo-Event", "push",
                "X-Forgejo-Signature", hmacSha256Hex(SECRET, push()), "X-Gitea-Delivery", "f-0001",
                "X-Gitea-Event", "push", "X-Gitea-Signature", hmacSha256Hex(SECRET, push()),
                "X-GitHub-Event", "push", "X-GitHub-Delivery", "f-0001");

        assertThat(Webhooks.detect(forgejo)).contains(GitHost.GITEA);
        assertThat(Webhooks.verify(GitHost.GITEA, forgejo, SECRET_BYTES).message()).contains("X-Forgejo-Signature");
        assertThat(Webhooks.verify(GitHost.GITEA, forgejo, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.GITEA, forgejo).deliveryId()).isEqualTo("f-0001");
    }

    @Test
    void readsAFormEncodedDeliveryWhoseSignatureIsOverTheJsonInIt() {
        byte[] form = fixture("gitea-push.form");
        WebhookRequest signedAsGiteaDoes = request(form, "Content-Type", "application/x-www-form-urlencoded",
                "X-Gitea-Event", "push", "X-Gitea-Delivery", DELIVERY, "X-Gitea-Signature", hmacSha256Hex(SECRET, push()));
        WebhookRequest signedOverTheForm = request(form, "Content-Type", "application/x-www-form-urlencoded",
                "X-Gitea-Event", "push", "X-Gitea-Signature", hmacSha256Hex(SECRET, form));

        assertThat(Webhooks.verify(GitHost.GITEA, signedAsGiteaDoes, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.verify(GitHost.GITEA, signedOverTheForm, SECRET_BYTES).reason())
                .isEqualTo(Verification.BAD_SIGNATURE);
        assertThat(Webhooks.parse(GitHost.GITEA, signedAsGiteaDoes))
                .isEqualTo(Webhooks.parse(GitHost.GITEA, signed(push(), "")));
    }

    @Test
    void ignoresOtherEvents() {
        WebhookRequest create = request(push(), "X-Gitea-Event", "create", "X-Gitea-Delivery", DELIVERY,
                "X-GitHub-Event", "create");

        assertThat(Webhooks.parse(GitHost.GITEA, create)).isEqualTo(new Ignored(GitHost.GITEA, DELIVERY, "create"));
    }
}
