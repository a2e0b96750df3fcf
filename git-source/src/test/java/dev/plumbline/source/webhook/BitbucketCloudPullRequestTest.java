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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BitbucketCloudPullRequestTest {

    private static final String REQUEST_UUID = "8c7b6a59-4d3e-4f2a-b1c0-9d8e7f6a5b4c";
    private static final List<String> URLS = List.of("https://bitbucket.org/acme/infra-live");

    private static byte[] created() {
        return fixture("bitbucket-cloud-pull-request.json");
    }

    private static byte[] fork() {
        return fixture("bitbucket-cloud-pull-request-fork.json");
    }

    private static WebhookRequest delivery(String eventKey, byte[] body, String... more) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json",
                "User-Agent", "Bitbucket-Webhooks/2.0", "X-Event-Key", eventKey,
                "X-Hook-UUID", "{e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b}", "X-Request-UUID", REQUEST_UUID,
                "X-Attempt-Number", "1"));
        headers.addAll(List.of(more));
        return request(body, headers.toArray(String[]::new));
    }

    private static PullRequest parse(String eventKey, byte[] body) {
        return (PullRequest) Webhooks.parse(GitHost.BITBUCKET_CLOUD, delivery(eventKey, body));
    }

    @Test
    void readsACreatedPullRequestFromABranchOfTheSameRepositoryWithItsAbbreviatedHead() {
        assertThat(parse("pullrequest:created", created())).isEqualTo(new PullRequest(GitHost.BITBUCKET_CLOUD,
                REQUEST_UUID, "acme/infra-live", URLS, 12, Action.OPENED, "refs/heads/main", "c7d92cb41d3a",
                "refs/heads/feature/night-batch", Optional.empty(), false, "queue: 3 workers for the night batch",
                "https://bitbucket.org/acme/infra-live/pull-requests/12", "zoe"));
    }

    @Test
    void readsAnUpdatedPullRequestFromAForkAsSynchronized() {
        PullRequest pull = parse("pullrequest:updated", fork());

        assertThat(pull.action()).isEqualTo(Action.SYNCHRONIZED);
        assertThat(pull.wantsPlan()).isTrue();
        assertThat(pull.fromFork()).isTrue();
        assertThat(pull.headRepository()).contains("zoe/infra-live");
        assertThat(pull.repository()).isEqualTo("acme/infra-live");
        assertThat(pull.repositoryUrls()).isEqualTo(URLS);
        assertThat(pull.number()).isEqualTo(13);
        assertThat(pull.headSha()).isEqualTo("cd58d21076b0");
        assertThat(pull.headRef()).isEqualTo("refs/heads/dns-ttl");
        assertThat(pull.targetRef()).isEqualTo("refs/heads/main");
        assertThat(pull.author()).isEqualTo("kai");
    }

    @Test
    void readsTheActionFromTheEventKey() {
        assertThat(parse("pullrequest:fulfilled", created()).action()).isEqualTo(Action.CLOSED);
        assertThat(parse("pullrequest:rejected", created()).action()).isEqualTo(Action.CLOSED);
        assertThat(parse("pullrequest:rejected", created()).wantsPlan()).isFalse();
        for (String key : List.of("pullrequest:approved", "pullrequest:unapproved", "pullrequest:comment_created",
                "pullrequest:changes_request_created")) {
            assertThat(parse(key, created()).action()).as(key).isEqualTo(Action.OTHER);
            assertThat(parse(key, created()).wantsPlan()).as(key).isFalse();
        }
    }

    @Test
    void takesTheAuthorsDisplayNameWhenItHasNoNickname() {
        byte[] body = utf8(new String(created(), StandardCharsets.UTF_8).replace(",\"nickname\":\"zoe\"", ""));

        assertThat(parse("pullrequest:created", body).author()).isEqualTo("Zoë Ångström");
    }

    @Test
    void hasNoPullRefSinceBitbucketCloudPublishesNone() {
        assertThat(parse("pullrequest:created", created()).pullRef()).isEmpty();
    }

    @Test
    void verifiesTheSignatureOverTheRawBodyOfAPullRequestDelivery() {
        String signature = "sha256=" + hmacSha256Hex(SECRET, fork());
        WebhookRequest signed = delivery("pullrequest:updated", fork(), "X-Hub-Signature", signature);
        byte[] changed = utf8(new String(fork(), StandardCharsets.UTF_8).replace("cd58d21076b0", "cd58d21076b1"));

        assertThat(Webhooks.verify(GitHost.BITBUCKET_CLOUD, signed, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.BITBUCKET_CLOUD, signed)).isEqualTo(parse("pullrequest:updated", fork()));
        assertThat(Webhooks.verify(GitHost.BITBUCKET_CLOUD, delivery("pullrequest:updated", changed,
                "X-Hub-Signature", signature), SECRET_BYTES).reason()).isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void isDetectedAsBitbucketCloudByTheEventKeyAlone() {
        WebhookRequest bare = request(created(), "X-Event-Key", "pullrequest:created");

        assertThat(Webhooks.detect(bare)).contains(GitHost.BITBUCKET_CLOUD);
        assertThat(Webhooks.parse(Webhooks.detect(bare).orElseThrow(), bare)).isInstanceOf(PullRequest.class);
    }

    @Test
    void refusesAPullRequestWithoutAHeadHashOrWithOneTooShort() {
        String json = new String(created(), StandardCharsets.UTF_8);
        byte[] missing = utf8(json.replace("\"hash\":\"c7d92cb41d3a\",", ""));
        byte[] tooShort = utf8(json.replace("\"hash\":\"c7d92cb41d3a\"", "\"hash\":\"c7d92c\""));

        assertThatThrownBy(() -> parse("pullrequest:created", missing))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Bitbucket Cloud pull request delivery has no field 'pullrequest.source.commit.hash'");
        assertThatThrownBy(() -> parse("pullrequest:created", tooShort))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Bitbucket Cloud pull request delivery has 'pullrequest.source.commit.hash' = 'c7d92c',"
                        + " where a commit SHA (7 to 64 hex digits, not all zeros) belongs");
    }
}
