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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitHubPullRequestTest {

    private static final String DELIVERY = "a3f1c2d0-a1d3-11ef-9b1e-6c0a9b552f1d";
    private static final List<String> URLS = List.of("https://github.com/acme/infra-live.git",
            "git@github.com:acme/infra-live.git", "https://github.com/acme/infra-live");
    private static final String HEAD = "60d173aa781cc2198612204f8d619931b7d0e2e6";
    private static final String FORK_HEAD = "7862bcb0eac7176a6b421a8766f08b4eb4b99483";

    private static byte[] opened() {
        return fixture("github-pull-request.json");
    }

    private static byte[] fork() {
        return fixture("github-pull-request-fork.json");
    }

    /** The same-repository pull request with another {@code action}. */
    private static byte[] withAction(String action) {
        return utf8(new String(opened(), StandardCharsets.UTF_8)
                .replace("{\"action\":\"opened\",", "{\"action\":\"" + action + "\","));
    }

    private static WebhookRequest delivery(byte[] body, String... more) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json",
                "User-Agent", "GitHub-Hookshot/3f2a9c1", "X-GitHub-Event", "pull_request",
                "X-GitHub-Delivery", DELIVERY, "X-GitHub-Hook-ID", "480011223"));
        headers.addAll(List.of(more));
        return request(body, headers.toArray(String[]::new));
    }

    private static PullRequest parse(byte[] body) {
        return (PullRequest) Webhooks.parse(GitHost.GITHUB, delivery(body));
    }

    @Test
    void readsAnOpenedPullRequestFromABranchOfTheSameRepository() {
        assertThat(parse(opened())).isEqualTo(new PullRequest(GitHost.GITHUB, DELIVERY, "acme/infra-live", URLS, 42,
                Action.OPENED, "refs/heads/main", HEAD, "refs/heads/feature/tls", Optional.empty(), false,
                "tls: renew ingress certificates with cert-manager", "https://github.com/acme/infra-live/pull/42",
                "zoe-a"));
        assertThat(parse(opened()).wantsPlan()).isTrue();
    }

    @Test
    void readsNewCommitsOnAForkAsSynchronizedAndNamesTheFork() {
        PullRequest pull = parse(fork());

        assertThat(pull.action()).isEqualTo(Action.SYNCHRONIZED);
        assertThat(pull.wantsPlan()).isTrue();
        assertThat(pull.fromFork()).isTrue();
        assertThat(pull.headRepository()).contains("mei-contrib/infra-live");
        assertThat(pull.repository()).isEqualTo("acme/infra-live");
        assertThat(pull.repositoryUrls()).isEqualTo(URLS);
        assertThat(pull.number()).isEqualTo(57);
        assertThat(pull.headSha()).isEqualTo(FORK_HEAD);
        assertThat(pull.headRef()).isEqualTo("refs/heads/main");
        assertThat(pull.targetRef()).isEqualTo("refs/heads/main");
        assertThat(pull.author()).isEqualTo("mei-contrib");
    }

    @Test
    void readsAClosedOrMergedPullRequestAsClosed() {
        byte[] merged = utf8(new String(withAction("closed"), StandardCharsets.UTF_8)
                .replace("\"merged\":false", "\"merged\":true"));

        assertThat(parse(withAction("closed")).action()).isEqualTo(Action.CLOSED);
        assertThat(parse(merged).action()).isEqualTo(Action.CLOSED);
        assertThat(parse(merged).wantsPlan()).isFalse();
        assertThat(parse(withAction("reopened")).action()).isEqualTo(Action.REOPENED);
        assertThat(parse(withAction("reopened")).wantsPlan()).isTrue();
    }

    @Test
    void readsEveryOtherActionAsOther() {
        for (String action : List.of("edited", "labeled", "ready_for_review", "review_requested", "assigned",
                "converted_to_draft")) {
            assertThat(parse(withAction(action)).action()).as(action).isEqualTo(Action.OTHER);
        }
        assertThat(parse(withAction("edited")).wantsPlan()).isFalse();
    }

    @Test
    void takesAPullRequestWhoseForkIsDeletedForAForkWithoutAName() {
        String json = new String(fork(), StandardCharsets.UTF_8);
        int repo = json.indexOf("\"repo\":{");
        int end = json.indexOf("},\"base\":", repo);
        byte[] gone = utf8(json.substring(0, repo) + "\"repo\":null" + json.substring(end));

        PullRequest pull = parse(gone);

        assertThat(pull.fromFork()).isTrue();
        assertThat(pull.headRepository()).isEmpty();
        assertThat(pull.headSha()).isEqualTo(FORK_HEAD);
    }

    @Test
    void fetchesTheHeadFromThePullRefOfTheTargetRepository() {
        assertThat(parse(opened()).pullRef()).contains("refs/pull/42/head");
        assertThat(parse(fork()).pullRef()).contains("refs/pull/57/head");
    }

    @Test
    void verifiesTheSignatureOverTheRawBodyOfAPullRequestDelivery() {
        String signature = "sha256=" + hmacSha256Hex(SECRET, fork());
        WebhookRequest signed = delivery(fork(), "X-Hub-Signature-256", signature);
        byte[] changed = utf8(new String(fork(), StandardCharsets.UTF_8).replace(FORK_HEAD, HEAD));

        assertThat(Webhooks.verify(GitHost.GITHUB, signed, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.GITHUB, signed)).isEqualTo(parse(fork()));
        assertThat(Webhooks.verify(GitHost.GITHUB, delivery(changed, "X-Hub-Signature-256", signature), SECRET_BYTES)
                .reason()).isEqualTo(Verification.BAD_SIGNATURE);
        assertThat(Webhooks.verify(GitHost.GITHUB, delivery(Deliveries.reserialised(fork()),
                "X-Hub-Signature-256", signature), SECRET_BYTES).reason()).isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void readsAFormEncodedPullRequestSignedOverTheFormBytes() {
        byte[] form = utf8("payload=" + URLEncoder.encode(new String(opened(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        WebhookRequest request = request(form, "Content-Type", "application/x-www-form-urlencoded",
                "X-GitHub-Event", "pull_request", "X-GitHub-Delivery", DELIVERY,
                "X-Hub-Signature-256", "sha256=" + hmacSha256Hex(SECRET, form));

        assertThat(Webhooks.verify(GitHost.GITHUB, request, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.GITHUB, request)).isEqualTo(parse(opened()));
    }

    @Test
    void isDetectedAsGitHubAndParsedAsAPullRequest() {
        WebhookRequest request = delivery(opened());

        assertThat(Webhooks.detect(request)).contains(GitHost.GITHUB);
        assertThat(Webhooks.parse(Webhooks.detect(request).orElseThrow(), request)).isInstanceOf(PullRequest.class);
    }

    @Test
    void refusesAPullRequestWithoutAHeadShaOrWithAShortOne() {
        byte[] missing = utf8(new String(opened(), StandardCharsets.UTF_8).replace("\"sha\":\"" + HEAD + "\",", ""));
        byte[] abbreviated = utf8(new String(opened(), StandardCharsets.UTF_8).replace(HEAD, HEAD.substring(0, 12)));

        assertThatThrownBy(() -> parse(missing))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitHub pull request delivery has no field 'pull_request.head.sha'");
        assertThatThrownBy(() -> parse(abbreviated))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitHub pull request delivery has 'pull_request.head.sha' = '60d173aa781c', where a"
                        + " commit SHA (40 or 64 hex digits, not all zeros) belongs");
    }

    @Test
    void refusesAPullRequestWithoutANumber() {
        byte[] body = utf8(new String(opened(), StandardCharsets.UTF_8).replace("\"number\":42,\"pull_request\"",
                "\"number\":\"42\",\"pull_request\""));

        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitHub pull request delivery has 'number' as the string '42', where a whole number"
                        + " above zero belongs");
    }
}
