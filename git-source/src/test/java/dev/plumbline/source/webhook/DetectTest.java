package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectTest {

    private static final byte[] BODY = utf8("{}");

    @Test
    void recognisesEachHostByItsEventHeader() {
        assertThat(Webhooks.detect(request(BODY, "X-GitHub-Event", "push", "X-GitHub-Delivery", "d1")))
                .contains(GitHost.GITHUB);
        assertThat(Webhooks.detect(request(BODY, "X-Gitlab-Event", "Push Hook"))).contains(GitHost.GITLAB);
        assertThat(Webhooks.detect(request(BODY, "X-Gitea-Event", "push"))).contains(GitHost.GITEA);
        assertThat(Webhooks.detect(request(BODY, "X-Forgejo-Event", "push"))).contains(GitHost.GITEA);
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "repo:push"))).contains(GitHost.BITBUCKET_CLOUD);
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "repo:refs_changed"))).contains(GitHost.BITBUCKET_SERVER);
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "diagnostics:ping"))).contains(GitHost.BITBUCKET_SERVER);
    }

    @Test
    void prefersGiteaAndForgejoHeadersToTheGitHubOnesTheyAlsoSend() {
        WebhookRequest gitea = request(BODY, "X-GitHub-Event", "push", "X-GitHub-Delivery", "d1",
                "X-Hub-Signature-256", "sha256=", "X-Gogs-Event", "push", "X-Gitea-Event", "push");
        WebhookRequest forgejo = request(BODY, "X-GitHub-Event", "push", "X-Forgejo-Event", "push");

        assertThat(Webhooks.detect(gitea)).contains(GitHost.GITEA);
        assertThat(Webhooks.detect(forgejo)).contains(GitHost.GITEA);
    }

    @Test
    void tellsTheBitbucketsApartByTheirOtherHeadersForOtherEvents() {
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "pullrequest:created", "X-Request-UUID", "u1")))
                .contains(GitHost.BITBUCKET_CLOUD);
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "repo:fork", "X-Hook-UUID", "h1")))
                .contains(GitHost.BITBUCKET_CLOUD);
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "repo:comment:added", "X-Request-Id", "r1")))
                .contains(GitHost.BITBUCKET_SERVER);
        assertThat(Webhooks.detect(request(BODY, "X-Event-Key", "repo:modified"))).isEmpty();
    }

    @Test
    void tellsTheBitbucketsApartByTheirPullRequestKeysAlone() {
        for (String key : List.of("pullrequest:created", "pullrequest:updated", "pullrequest:fulfilled",
                "pullrequest:rejected", "pullrequest:comment_created")) {
            assertThat(Webhooks.detect(request(BODY, "X-Event-Key", key))).as(key).contains(GitHost.BITBUCKET_CLOUD);
        }
        for (String key : List.of("pr:opened", "pr:from_ref_updated", "pr:merged", "pr:declined", "pr:deleted",
                "pr:modified", "pr:reviewer:approved")) {
            assertThat(Webhooks.detect(request(BODY, "X-Event-Key", key))).as(key).contains(GitHost.BITBUCKET_SERVER);
        }
    }

    @Test
    void findsHeadersInAnyCase() {
        assertThat(Webhooks.detect(request(BODY, "x-github-event", "push"))).contains(GitHost.GITHUB);
        assertThat(Webhooks.detect(request(BODY, "X-GITLAB-EVENT", "Push Hook"))).contains(GitHost.GITLAB);
        assertThat(Webhooks.detect(request(BODY, "x-github-event", "push", "x-gitea-event", "push")))
                .contains(GitHost.GITEA);
        assertThat(Webhooks.detect(request(BODY, "x-event-key", "repo:push"))).contains(GitHost.BITBUCKET_CLOUD);
    }

    @Test
    void knowsNoHostWithoutItsHeaders() {
        assertThat(Webhooks.detect(request(BODY))).isEmpty();
        assertThat(Webhooks.detect(request(BODY, "Content-Type", "application/json", "User-Agent", "curl/8.5.0",
                "X-Hub-Signature-256", "sha256=" + "0".repeat(64), "X-Gogs-Event", "push"))).isEmpty();
        assertThat(Webhooks.detect(request(BODY, "X-Gitea-Event", "", "X-GitHub-Event", " "))).isEmpty();
    }
}
