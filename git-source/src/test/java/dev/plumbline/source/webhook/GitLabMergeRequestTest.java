package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.SECRET;
import static dev.plumbline.source.webhook.Deliveries.SECRET_BYTES;
import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.source.webhook.PullRequest.Action;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitLabMergeRequestTest {

    private static final String IDEMPOTENCY_KEY = "4c3b2a19-0f8e-4d7c-a6b5-c4d3e2f1a0b9";
    private static final List<String> URLS = List.of(
            "https://gitlab.acme.example/platform/team/infra-live.git",
            "git@gitlab.acme.example:platform/team/infra-live.git",
            "https://gitlab.acme.example/platform/team/infra-live");
    private static final String HEAD = "93a88002d74b1b66e8a2a19374d0f3f646cc66bf";
    private static final String FORK_HEAD = "9ccc00de8a6b5f6ebe644e5ef18ab799e3c82b24";

    private static byte[] opened() {
        return fixture("gitlab-merge-request.json");
    }

    private static byte[] fork() {
        return fixture("gitlab-merge-request-fork.json");
    }

    private static byte[] withAction(byte[] body, String action) {
        String json = new String(body, StandardCharsets.UTF_8);
        String current = json.contains("\"action\":\"open\"") ? "\"action\":\"open\"" : "\"action\":\"update\"";
        return utf8(json.replace(current, "\"action\":\"" + action + "\""));
    }

    private static WebhookRequest delivery(String event, byte[] body) {
        return request(body, "Content-Type", "application/json", "User-Agent", "GitLab/17.6.0",
                "X-Gitlab-Event", event, "Idempotency-Key", IDEMPOTENCY_KEY, "X-Gitlab-Instance",
                "https://gitlab.acme.example", "X-Gitlab-Token", SECRET);
    }

    private static PullRequest parse(byte[] body) {
        return (PullRequest) Webhooks.parse(GitHost.GITLAB, delivery("Merge Request Hook", body));
    }

    @Test
    void readsAnOpenedMergeRequestFromABranchOfTheSameProjectByItsIid() {
        assertThat(parse(opened())).isEqualTo(new PullRequest(GitHost.GITLAB, IDEMPOTENCY_KEY,
                "platform/team/infra-live", URLS, 15, Action.OPENED, "refs/heads/main", HEAD,
                "refs/heads/db/max-connections", Optional.empty(), false, "db: raise max_connections to 400",
                "https://gitlab.acme.example/platform/team/infra-live/-/merge_requests/15", "ravi"));
    }

    @Test
    void readsAnUpdateWithOldrevFromAForkAsNewCommits() {
        PullRequest pull = parse(fork());

        assertThat(pull.action()).isEqualTo(Action.SYNCHRONIZED);
        assertThat(pull.wantsPlan()).isTrue();
        assertThat(pull.fromFork()).isTrue();
        assertThat(pull.headRepository()).contains("mei/infra-live");
        assertThat(pull.repository()).isEqualTo("platform/team/infra-live");
        assertThat(pull.repositoryUrls()).isEqualTo(URLS);
        assertThat(pull.number()).isEqualTo(16);
        assertThat(pull.headSha()).isEqualTo(FORK_HEAD);
        assertThat(pull.headRef()).isEqualTo("refs/heads/queue-backoff");
        assertThat(pull.targetRef()).isEqualTo("refs/heads/main");
        assertThat(pull.author()).isEqualTo("mei");
    }

    @Test
    void readsAnUpdateWithoutOldrevAsAnotherChange() {
        byte[] titleEdit = utf8(new String(fork(), StandardCharsets.UTF_8)
                .replace(",\"oldrev\":\"686e148ebb3c255c5ad528331be986037b1c306f\"", ""));

        assertThat(parse(titleEdit).action()).isEqualTo(Action.OTHER);
        assertThat(parse(titleEdit).wantsPlan()).isFalse();
    }

    @Test
    void readsCloseMergeReopenAndApprovals() {
        assertThat(parse(withAction(opened(), "close")).action()).isEqualTo(Action.CLOSED);
        assertThat(parse(withAction(opened(), "merge")).action()).isEqualTo(Action.CLOSED);
        assertThat(parse(withAction(opened(), "merge")).wantsPlan()).isFalse();
        assertThat(parse(withAction(opened(), "reopen")).action()).isEqualTo(Action.REOPENED);
        for (String action : List.of("approved", "unapproved", "approval", "unapproval")) {
            assertThat(parse(withAction(fork(), action)).action()).as(action).isEqualTo(Action.OTHER);
        }
    }

    @Test
    void fetchesTheHeadFromTheMergeRequestRefOfTheTargetProject() {
        assertThat(parse(opened()).pullRef()).contains("refs/merge-requests/15/head");
        assertThat(parse(fork()).pullRef()).contains("refs/merge-requests/16/head");
    }

    @Test
    void readsASystemHookOfKindMergeRequest() {
        WebhookEvent event = Webhooks.parse(GitHost.GITLAB, delivery("System Hook", opened()));

        assertThat(event).isEqualTo(parse(opened()));
    }

    @Test
    void verifiesTheTokenOfAMergeRequestDelivery() {
        WebhookRequest request = delivery("Merge Request Hook", fork());
        WebhookRequest otherToken = request(fork(), "X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Token", "guess");

        assertThat(Webhooks.verify(GitHost.GITLAB, request, SECRET_BYTES).valid()).isTrue();
        assertThat(Webhooks.parse(GitHost.GITLAB, request)).isInstanceOf(PullRequest.class);
        assertThat(Webhooks.verify(GitHost.GITLAB, otherToken, SECRET_BYTES).reason())
                .isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void isDetectedAsGitLabAndParsedAsAMergeRequest() {
        WebhookRequest request = delivery("Merge Request Hook", opened());

        assertThat(Webhooks.detect(request)).contains(GitHost.GITLAB);
        assertThat(Webhooks.parse(Webhooks.detect(request).orElseThrow(), request)).isInstanceOf(PullRequest.class);
    }

    @Test
    void refusesAMergeRequestWithoutItsLastCommit() {
        byte[] missing = utf8(new String(opened(), StandardCharsets.UTF_8).replace("\"id\":\"" + HEAD + "\",", ""));

        assertThatThrownBy(() -> parse(missing))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitLab Merge Request Hook delivery has no field 'object_attributes.last_commit.id'");
    }

    @Test
    void refusesAMergeRequestHookWhoseBodyIsNotAMergeRequest() {
        assertThatThrownBy(() -> parse(fixture("gitlab-push.json")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("the GitLab Merge Request Hook delivery has 'object_kind' = 'push',"
                        + " where merge_request belongs");
    }
}
