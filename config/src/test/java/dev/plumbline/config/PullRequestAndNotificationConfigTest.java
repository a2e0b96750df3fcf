package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullRequestAndNotificationConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("plumbline.yaml"), yaml);
    }

    private static final String REST = """
            providers:
              - { name: local, type: files, root: /srv/app }
            stacks:
              - { name: web, source: infra, provider: local }
              - { name: db, source: infra, provider: local }
            """;

    @Test
    void readsTheShapeFromTheIssue() throws IOException {
        AgentConfig config = ConfigLoader.load(write("""
                sources:
                  - name: infra
                    url: https://github.com/acme/infra.git
                    ref: main
                    webhook: { secretEnv: INFRA_HOOK_SECRET }
                    host:
                      type: github
                      repository: acme/infra
                      tokenEnv: GITHUB_TOKEN
                    pullRequests: { plan: true, fromForks: false }
                notifications:
                  - name: team-chat
                    type: slack
                    urlEnv: SLACK_WEBHOOK_URL
                    on: [failed, stalled, drifted, applied]
                    stacks: [web]
                  - name: audit
                    type: webhook
                    url: https://hooks.example.com/plumbline/
                """ + REST));

        SourceConfig source = config.sources().get(0);
        GitHostConfig host = source.host().orElseThrow();
        assertThat(host.type()).isEqualTo(GitHostConfig.Type.GITHUB);
        assertThat(host.apiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(host.repository()).isEqualTo("acme/infra");
        assertThat(host.token().describe()).isEqualTo("env GITHUB_TOKEN");
        assertThat(source.pullRequests()).isEqualTo(new PullRequestPolicy(true, false));

        NotificationConfig chat = config.notifications().get(0);
        assertThat(chat.type()).isEqualTo(NotificationConfig.Type.SLACK);
        assertThat(chat.urlSecret().orElseThrow().describe()).isEqualTo("env SLACK_WEBHOOK_URL");
        assertThat(chat.on()).containsExactlyInAnyOrder(NotificationConfig.Event.values());
        assertThat(chat.covers("web")).isTrue();
        assertThat(chat.covers("db")).isFalse();
        NotificationConfig audit = config.notifications().get(1);
        assertThat(audit.url()).contains("https://hooks.example.com/plumbline/");
        assertThat(audit.on()).isEqualTo(Set.of(NotificationConfig.Event.FAILED, NotificationConfig.Event.STALLED));
        assertThat(audit.covers("db")).isTrue();
    }

    @Test
    void aSelfHostedTypeTakesItsApiUrl() throws IOException {
        AgentConfig config = ConfigLoader.load(write("""
                sources:
                  - name: infra
                    url: https://git.example.com/acme/infra.git
                    host: { type: gitea, apiUrl: "https://git.example.com/api/v1/", repository: acme/infra, tokenFile: token }
                """ + REST));

        GitHostConfig host = config.sources().get(0).host().orElseThrow();
        assertThat(host.apiUrl()).isEqualTo(URI.create("https://git.example.com/api/v1"));
        assertThat(host.token().name()).isEqualTo(dir.resolve("token").toString());
        assertThat(config.sources().get(0).pullRequests()).isEqualTo(PullRequestPolicy.OFF);
    }

    @Test
    void everyMistakeIsReportedAtItsLine() throws IOException {
        Path file = write("""
                sources:
                  - name: infra
                    url: https://example.com/infra.git
                    host: { type: gitbucket, repository: infra }
                    pullRequests: { plan: true }
                  - name: other
                    url: https://example.com/other.git
                    host: { type: bitbucket-server, repository: P/other, tokenEnv: T }
                notifications:
                  - name: chat
                    type: teams
                    on: [failed, exploded]
                  - name: two
                    type: webhook
                    url: ftp://example.com/x
                  - name: three
                    type: webhook
                    url: https://example.com/x
                    stacks: [nope]
                """ + REST);

        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));

        assertThat(error.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                file + ":4:19: 'type' in sources[0].host must be github, gitlab, gitea, bitbucket-cloud or"
                        + " bitbucket-server, not 'gitbucket'",
                file + ":4:42: 'repository' in sources[0].host must be the repository's path on its host, like"
                        + " acme/infra (GitLab: group/sub/project; Bitbucket Server: PROJECT/slug), not 'infra'",
                file + ":4:11: sources[0].host needs the API token: tokenEnv or tokenFile",
                file + ":5:19: 'pullRequests.plan' in sources[0] needs 'host' (the API plans are posted to) and"
                        + " 'webhook' (pull requests are announced by the Git host's webhook)",
                file + ":8:19: sources[1].host of type bitbucket-server needs 'apiUrl': bitbucket-server is"
                        + " self-hosted, so there is no default (Gitea: https://HOST/api/v1, Bitbucket Server:"
                        + " https://HOST)",
                file + ":11:11: 'type' in notifications[0] must be slack or webhook, not 'teams'",
                file + ":11:11: notifications[0] needs exactly one of url, urlEnv or urlFile (a chat webhook URL"
                        + " is a credential: urlEnv or urlFile keep it out of the config)",
                file + ":12:9: 'on' in notifications[0] takes failed, stalled, drifted or applied, not 'exploded'",
                file + ":15:10: 'url' in notifications[1] must be an http:// or https:// URL with a"
                        + " host, not a ftp: URL",
                file + ":16:5: notification 'three' names stack 'nope', which is not defined under stacks"
                        + " (defined: web, db)");
    }

    @Test
    void preflightNeedsTheHostTokenAndTheNotificationUrl() throws IOException {
        Path file = write("""
                sources:
                  - name: infra
                    url: https://github.com/acme/infra.git
                    host: { type: github, repository: acme/infra, tokenEnv: GITHUB_TOKEN }
                notifications:
                  - { name: chat, type: slack, urlEnv: SLACK_URL }
                """ + REST);
        AgentConfig config = ConfigLoader.load(file);

        assertThat(Preflight.problems(config, Map.of())).extracting(Problem::toString).containsExactly(
                file + ":4:61: the Git host API token of source 'infra': environment variable GITHUB_TOKEN is not set",
                file + ":6:40: the URL of notification 'chat': environment variable SLACK_URL is not set");
        assertThat(Preflight.problems(config, Map.of("GITHUB_TOKEN", "t", "SLACK_URL", "https://x"))).isEmpty();
        assertThat(List.of(config.notifications().get(0).on())).isNotEmpty();
    }
}
