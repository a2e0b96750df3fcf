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

class BitbucketServerPullRequestTest {

    private static final String REQUEST_ID = "2d1c0b9a-8f7e-4d6c-a5b4-3c2d1e0f9a8b";
    private static final List<String> URLS = List.of("ssh://git@bitbucket.acme.example:7999/ops/infra-live.git",
            "https://bitbucket.acme.example/scm/ops/infra-live.git",
            "https://bitbucket.acme.example/projects/OPS/repos/infra-live/browse");
    private static final String HEAD = "298a2d41ad9b6e7b0c2028fa67223b2acebc5bb3";
    private static final String FORK_HEAD = "2823d56ded510f51b921e3f5abd7af862c024942";

    private static byte[] opened() {
        return fixture("bitbucket-server-pull-request.json");
    }

    private static byte[] fork() {
        return fixture("bitbucket-server-pull-request-fork.json");
    }

    private static WebhookRequest delivery(String eventKey, byte[] body, String... more) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json; charset=utf-8",
                "User-Agent", "Atlassian HttpClient 4.2.0 / Bitbucket-9.5.2 (9005002) / Default",
                "X-Event-Key", eventKey, "X-Request-Id", REQUEST_ID));
        headers.addAll(List.of(more));
        return request(body, headers.toArray(String[]::new));
    }

    private static PullRequest parse(String eventKey, byte[] body) {
        return (PullRequest) Webhooks.parse(GitHost.BITBUCKET_SERVER, delivery(eventKey, body));
    }

    @Test
    void readsAnOpenedPullRequestFromABranchOfTheSameRepository() {
        assertThat(parse("pr:opened", opened())).isEqualTo(new PullRequest(GitHost.BITBUCKET_SERVER, REQUEST_ID,
                "OPS/infra-live", URLS, 21, Action.OPENED, "refs/heads/main", HEAD, "refs/heads/feature/ldaps",
                Optional.empty(), false, "ldap: bind over TLS",
                "https://bitbucket.acme.example/projects/OPS/repos/infra-live/pull-requests/21", "jdoe"));
    }

    @Test
    void readsAnUpdatedSourceBranchOfAPersonalForkAsSynchronized() {
        PullRequest pull = parse("pr:from_ref_updated", fork());

        assertThat(pull.action()).isEqualTo(Action.SYNCHRONIZED);
        assertThat(pull.wantsPlan()).isTrue();
        assertThat(pull.fromFork()).isTrue();
        assertThat(pull.headRepository()).contains("~ZOE/infra-live");
        assertThat(pull.repository()).isEqualTo("OPS/infra-live");
        assertThat(pull.repositoryUrls()).isEqualTo(URLS);
        assertThat(pull.number()).isEqualTo(22);
        assertThat(pull.headSha()).isEqualTo(FORK_HEAD);
        assertThat(pull.headRef()).isEqualTo("refs/heads/hsts");
        assertThat(pull.targetRef()).isEqualTo("refs/heads/main");
        assertThat(pull.author()).isEqualTo("zoe");
    }

    @Test
    void readsTheActionFromTheEventKey() {
        for (String key : List.of("pr:merged", "pr:declined", "pr:deleted")) {
            assertThat(parse(key, opened()).action()).as(key).isEqualTo(Action.CLOSED);
            assertThat(parse(key, opened()).wantsPlan()).as(key).isFalse();
        }
        for (String key : List.of("pr:modified", "pr:reviewer:approved", "pr:reviewer:needs_work",
                "pr:comment:added")) {
            assertThat(parse(key, opened()).action()).as(key).isEqualTo(Action.OTHER);
            assertThat(parse(key, opened()).wantsPlan()).as(key).isFalse();
        }
    }

    @Test
    void fetchesTheHeadFromThePullRequestRefOfTheTargetRepository() {
        assertThat(parse("pr:opened", opened()).pullRef()).contains("refs/pull-requests/21/from");
        assertThat(parse("pr:from_ref_updated", fork()).pullRef()).contains("refs/pull-requests/22/from");
    }

    @Test
    void leavesTheUrlEmptyWhenThePullRequestHasNoSelfLink() {
        byte[] body = utf8(new String(opened(), StandardCharsets.UTF_8).replace(
                "\"links\":{\"self\":[{\"href\":\"https://bitbucket.acme.example/projects/OPS/repos/infra-live/pull-requests/21\"}]}",
                "\"links\":{\"self\":[null]}"));

        assertThat(parse("pr:opened", body).url()).isEmpty();
    }

    @Test
    void verifiesTheSignatureOverTheRawBodyOfAPullRequestDelivery() {
        String signature = "sha256=" + hmacSha256Hex(SECRET, fork());
        WebhookRequest signed = delivery("pr:from_ref_updated", fork(), "X-Hub-Signature", signature);
        byte[] changed = utf8(new String(fork(), StandardCharsets.UTF_8).replace(FORK_HEAD, HEAD));

        assertThat(Webhooks.verify(GitHost.BITBUCKET_SERVER, signed, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.BITBUCKET_SERVER, signed)).isEqualTo(parse("pr:from_ref_updated", fork()));
        assertThat(Webhooks.verify(GitHost.BITBUCKET_SERVER, delivery("pr:from_ref_updated", changed,
                "X-Hub-Signature", signature), SECRET_BYTES).reason()).isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void isDetectedAsBitbucketServerByTheEventKeyAlone() {
        WebhookRequest bare = request(opened(), "X-Event-Key", "pr:opened");

        assertThat(Webhooks.detect(bare)).contains(GitHost.BITBUCKET_SERVER);
        assertThat(Webhooks.parse(Webhooks.detect(bare).orElseThrow(), bare)).isInstanceOf(PullRequest.class);
    }

    @Test
    void refusesAPullRequestWithoutTheLatestCommitOfItsSource() {
        byte[] missing = utf8(new String(opened(), StandardCharsets.UTF_8).replace("\"latestCommit\":\"" + HEAD + "\",", ""));

        assertThatThrownBy(() -> parse("pr:opened", missing))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Bitbucket Server pull request delivery has no field 'pullRequest.fromRef.latestCommit'");
    }

    @Test
    void refusesATargetRepositoryWithoutUrls() {
        String json = new String(opened(), StandardCharsets.UTF_8);
        int toRef = json.indexOf("\"toRef\":");
        int links = json.indexOf(",\"links\":{\"clone\"", toRef);
        int end = json.indexOf("/browse\"}]}", links) + "/browse\"}]}".length();
        byte[] noLinks = utf8(json.substring(0, links) + json.substring(end));

        assertThatThrownBy(() -> parse("pr:opened", noLinks))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the Bitbucket Server pull request delivery names no URL of its repository; expected one"
                        + " in 'pullRequest.toRef.repository.links.clone[].href'");
    }
}
