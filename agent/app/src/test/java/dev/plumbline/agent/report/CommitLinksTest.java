package dev.plumbline.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.GitHostConfig;
import dev.plumbline.config.PullRequestPolicy;
import dev.plumbline.config.SecretRef;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.problem.Location;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitLinksTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final Location AT = Location.file("plumbline.yaml");

    private static SourceConfig source(String url, GitHostConfig.Type type, String repository) {
        Optional<GitHostConfig> host = type == null ? Optional.empty() : Optional.of(new GitHostConfig(type,
                URI.create("https://api.example.com"), repository, SecretRef.env("T", AT), AT));
        return new SourceConfig("infra", url, "main", null, Optional.empty(), host, PullRequestPolicy.OFF, AT);
    }

    @Test
    void eachHostsCommitPageWithoutCredentialsOrDotGit() {
        assertThat(CommitLinks.of(source("https://x-token:secret@github.com/acme/infra.git", null, null), SHA))
                .contains("https://github.com/acme/infra/commit/" + SHA);
        assertThat(CommitLinks.of(source("git@gitlab.com:group/sub/infra.git", GitHostConfig.Type.GITLAB,
                "group/sub/infra"), SHA)).contains("https://gitlab.com/group/sub/infra/-/commit/" + SHA);
        assertThat(CommitLinks.of(source("https://git.example.com:3000/acme/infra.git", GitHostConfig.Type.GITEA,
                "acme/infra"), SHA)).contains("https://git.example.com:3000/acme/infra/commit/" + SHA);
        assertThat(CommitLinks.of(source("https://bitbucket.org/acme/infra.git", GitHostConfig.Type.BITBUCKET_CLOUD,
                "acme/infra"), SHA)).contains("https://bitbucket.org/acme/infra/commits/" + SHA);
        assertThat(CommitLinks.of(source("https://bb.example.com/scm/ops/infra.git", GitHostConfig.Type.BITBUCKET_SERVER,
                "OPS/infra"), SHA)).contains("https://bb.example.com/projects/OPS/repos/infra/commits/" + SHA);
        assertThat(CommitLinks.of(source("ssh://git@github.com:22/acme/infra.git", null, null), SHA))
                .contains("https://github.com/acme/infra/commit/" + SHA);
    }

    @Test
    void aLocalOrDaemonUrlHasNoPage() {
        assertThat(CommitLinks.of(source("file:///srv/git/infra.git", null, null), SHA)).isEmpty();
        assertThat(CommitLinks.of(source("git://127.0.0.1:9418/infra", null, null), SHA)).isEmpty();
    }
}
