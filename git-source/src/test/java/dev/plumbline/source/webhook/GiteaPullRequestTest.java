package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.SECRET;
import static dev.plumbline.source.webhook.Deliveries.SECRET_BYTES;
import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.hmacSha256Hex;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.source.webhook.PullRequest.Action;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GiteaPullRequestTest {

    private static final String DELIVERY = "e5f4d3c2-b1a0-4f9e-8d7c-6b5a4f3e2d1c";
    private static final List<String> URLS = List.of("https://git.acme.example/acme/infra-live.git",
            "ssh://git@git.acme.example:2222/acme/infra-live.git", "https://git.acme.example/acme/infra-live");
    private static final String HEAD = "2d8249248d1c48234d755cd37e34412b4433b4cd";
    private static final String FORK_HEAD = "32fde042077071a2e8cd57bd9e127f5f8e4da5db";

    private static byte[] opened() {
        return fixture("gitea-pull-request.json");
    }

    private static byte[] fork() {
        return fixture("gitea-pull-request-fork.json");
    }

    private static byte[] withAction(String action) {
        return utf8(new String(opened(), StandardCharsets.UTF_8)
                .replace("\"action\": \"opened\",", "\"action\": \"" + action + "\","));
    }

    /** The headers Gitea sends with a pull request delivery: its own event header and GitHub's. */
    private static WebhookRequest delivery(byte[] body, String event, String eventType) {
        return request(body, "Content-Type", "application/json", "X-Gitea-Delivery", DELIVERY, "X-Gitea-Event", event,
                "X-Gitea-Event-Type", eventType, "X-Gitea-Signature", hmacSha256Hex(SECRET, body),
                "X-Gogs-Delivery", DELIVERY, "X-Gogs-Event", event, "X-GitHub-Delivery", DELIVERY,
                "X-GitHub-Event", event, "X-GitHub-Event-Type", eventType, "X-Hub-Signature", "sha1=",
                "X-Hub-Signature-256", "sha256=");
    }

    private static PullRequest parse(byte[] body) {
        return (PullRequest) Webhooks.parse(GitHost.GITEA, delivery(body, "pull_request", "pull_request"));
    }

    @Test
    void readsAnOpenedPullRequestFromABranchOfTheSameRepository() {
        assertThat(parse(opened())).isEqualTo(new PullRequest(GitHost.GITEA, DELIVERY, "acme/infra-live", URLS, 7,
                Action.OPENED, "refs/heads/main", HEAD, "refs/heads/feature/cache-size", Optional.empty(), false,
                "cache: size < 2Gi && evictions > 0", "https://git.acme.example/acme/infra-live/pulls/7", "mei"));
    }

    @Test
    void readsNewCommitsOnAForkAsSynchronizedWhateverTheEventHeaderSays() {
        PullRequest asPullRequest = (PullRequest) Webhooks.parse(GitHost.GITEA,
                delivery(fork(), "pull_request", "pull_request_sync"));
        PullRequest asSync = (PullRequest) Webhooks.parse(GitHost.GITEA,
                delivery(fork(), "pull_request_sync", "pull_request_sync"));

        assertThat(asSync).isEqualTo(asPullRequest);
        assertThat(asPullRequest.action()).isEqualTo(Action.SYNCHRONIZED);
        assertThat(asPullRequest.wantsPlan()).isTrue();
        assertThat(asPullRequest.fromFork()).isTrue();
        assertThat(asPullRequest.headRepository()).contains("ravi/infra-live");
        assertThat(asPullRequest.repository()).isEqualTo("acme/infra-live");
        assertThat(asPullRequest.repositoryUrls()).isEqualTo(URLS);
        assertThat(asPullRequest.headSha()).isEqualTo(FORK_HEAD);
        assertThat(asPullRequest.headRef()).isEqualTo("refs/heads/pool-size");
        assertThat(asPullRequest.number()).isEqualTo(9);
        assertThat(asPullRequest.author()).isEqualTo("ravi");
    }

    @Test
    void readsOtherActions() {
        assertThat(parse(withAction("closed")).action()).isEqualTo(Action.CLOSED);
        assertThat(parse(withAction("closed")).wantsPlan()).isFalse();
        assertThat(parse(withAction("reopened")).action()).isEqualTo(Action.REOPENED);
        assertThat(parse(withAction("synchronize")).action()).isEqualTo(Action.SYNCHRONIZED);
        for (String action : List.of("edited", "label_updated", "assigned", "review_requested", "milestoned")) {
            assertThat(parse(withAction(action)).action()).as(action).isEqualTo(Action.OTHER);
            assertThat(parse(withAction(action)).wantsPlan()).as(action).isFalse();
        }
    }

    @Test
    void keepsTheFullRefGiteaWritesWhenTheHeadBranchIsGone() {
        byte[] gone = utf8(new String(opened(), StandardCharsets.UTF_8)
                .replace("\"ref\": \"feature/cache-size\"", "\"ref\": \"refs/pull/7/head\""));

        assertThat(parse(gone).headRef()).isEqualTo("refs/pull/7/head");
        assertThat(parse(gone).targetRef()).isEqualTo("refs/heads/main");
    }

    @Test
    void fetchesTheHeadFromThePullRefOfTheTargetRepository() {
        assertThat(parse(opened()).pullRef()).contains("refs/pull/7/head");
        assertThat(parse(fork()).pullRef()).contains("refs/pull/9/head");
    }

    @Test
    void verifiesTheSignatureOverTheRawBodyOfAPullRequestDelivery() {
        WebhookRequest signed = delivery(fork(), "pull_request", "pull_request_sync");
        byte[] changed = utf8(new String(fork(), StandardCharsets.UTF_8).replace(FORK_HEAD, HEAD));
        WebhookRequest tampered = request(changed, "X-Gitea-Event", "pull_request",
                "X-Gitea-Signature", hmacSha256Hex(SECRET, fork()));

        assertThat(Webhooks.verify(GitHost.GITEA, signed, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.GITEA, signed)).isInstanceOf(PullRequest.class);
        assertThat(Webhooks.verify(GitHost.GITEA, tampered, SECRET_BYTES).reason()).isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void isDetectedAsGiteaThoughItAlsoSendsGitHubHeaders() {
        WebhookRequest request = delivery(opened(), "pull_request", "pull_request");
        WebhookRequest forgejo = request(opened(), "X-Forgejo-Event", "pull_request", "X-Forgejo-Delivery", "f-0002",
                "X-GitHub-Event", "pull_request");

        assertThat(Webhooks.detect(request)).contains(GitHost.GITEA);
        assertThat(Webhooks.detect(forgejo)).contains(GitHost.GITEA);
        assertThat(Webhooks.parse(Webhooks.detect(forgejo).orElseThrow(), forgejo))
                .isInstanceOf(PullRequest.class)
                .extracting(WebhookEvent::deliveryId).isEqualTo("f-0002");
    }

    @Test
    void refusesAPullRequestWithoutAHeadSha() {
        byte[] missing = utf8(new String(opened(), StandardCharsets.UTF_8).replace("\"sha\": \"" + HEAD + "\",", ""));

        assertThatThrownBy(() -> parse(missing))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Gitea/Forgejo pull request delivery has no field 'pull_request.head.sha'");
    }
}
