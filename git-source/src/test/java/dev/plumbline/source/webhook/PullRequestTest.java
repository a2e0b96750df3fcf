package dev.plumbline.source.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.source.webhook.PullRequest.Action;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullRequestTest {

    private static final String SHA = "60d173aa781cc2198612204f8d619931b7d0e2e6";

    private static PullRequest pull(GitHost host, long number, Action action, String headSha) {
        return new PullRequest(host, "d1", "acme/infra-live", List.of("https://example.test/acme/infra-live.git"),
                number, action, "refs/heads/main", headSha, "refs/heads/feature", Optional.empty(), false, "t", "", "");
    }

    @Test
    void namesTheRefOfTheHeadInTheTargetRepositoryAsEachHostPublishesIt() {
        assertThat(pull(GitHost.GITHUB, 42, Action.OPENED, SHA).pullRef()).contains("refs/pull/42/head");
        assertThat(pull(GitHost.GITEA, 7, Action.OPENED, SHA).pullRef()).contains("refs/pull/7/head");
        assertThat(pull(GitHost.GITLAB, 15, Action.OPENED, SHA).pullRef()).contains("refs/merge-requests/15/head");
        assertThat(pull(GitHost.BITBUCKET_SERVER, 21, Action.OPENED, SHA).pullRef())
                .contains("refs/pull-requests/21/from");
        assertThat(pull(GitHost.BITBUCKET_CLOUD, 12, Action.OPENED, "c7d92cb41d3a").pullRef()).isEmpty();
    }

    @Test
    void wantsAPlanWhenOpenedReopenedOrGivenNewCommits() {
        assertThat(List.of(Action.values()))
                .filteredOn(action -> pull(GitHost.GITHUB, 1, action, SHA).wantsPlan())
                .containsExactly(Action.OPENED, Action.REOPENED, Action.SYNCHRONIZED);
    }

    @Test
    void lowerCasesTheHeadSha() {
        assertThat(pull(GitHost.GITLAB, 1, Action.OPENED, SHA.toUpperCase(Locale.ROOT)).headSha()).isEqualTo(SHA);
        assertThat(pull(GitHost.BITBUCKET_CLOUD, 1, Action.OPENED, "C7D92CB41D3A").headSha()).isEqualTo("c7d92cb41d3a");
    }

    @Test
    void takesAnAbbreviatedHeadShaFromBitbucketCloudOnly() {
        assertThat(pull(GitHost.BITBUCKET_CLOUD, 1, Action.OPENED, "c7d92cb").headSha()).isEqualTo("c7d92cb");
        assertThatThrownBy(() -> pull(GitHost.GITHUB, 1, Action.OPENED, "c7d92cb41d3a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 or 64 hex digits");
        assertThatThrownBy(() -> pull(GitHost.BITBUCKET_CLOUD, 1, Action.OPENED, "c7d92c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 to 64 hex digits");
    }

    @Test
    void refusesWhatNoHostSends() {
        List<String> urls = List.of("https://example.test/acme/infra-live.git");
        assertThatThrownBy(() -> pull(GitHost.GITHUB, 0, Action.OPENED, SHA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PullRequest(GitHost.GITHUB, "d1", "acme/infra-live", List.of(), 1, Action.OPENED,
                "refs/heads/main", SHA, "refs/heads/feature", Optional.empty(), false, "t", "", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PullRequest(GitHost.GITHUB, "d1", "acme/infra-live", urls, 1, Action.OPENED,
                "main", SHA, "refs/heads/feature", Optional.empty(), false, "t", "", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PullRequest(GitHost.GITHUB, "d1", "acme/infra-live", urls, 1, Action.OPENED,
                "refs/heads/main", SHA, "refs/heads/feature", Optional.of("zoe/infra-live"), false, "t", "", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
