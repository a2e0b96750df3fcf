package dev.plumbline.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceUrlTest {

    @Test
    void masksTheWholeUserPartOverHttp() {
        assertThat(SourceUrl.redact("https://bot:s3cret@git.example.com/org/infra.git"))
                .isEqualTo("https://***@git.example.com/org/infra.git");
        assertThat(SourceUrl.redact("https://ghp_token123@github.com/org/infra.git"))
                .isEqualTo("https://***@github.com/org/infra.git");
        assertThat(SourceUrl.redact("HTTP://u:p@host/r")).isEqualTo("HTTP://***@host/r");
    }

    @Test
    void keepsTheUserNameButMasksThePasswordOverOtherSchemes() {
        assertThat(SourceUrl.redact("ssh://git:hunter2@git.example.com:2222/infra.git"))
                .isEqualTo("ssh://git:***@git.example.com:2222/infra.git");
        assertThat(SourceUrl.redact("ssh://git@git.example.com/infra.git"))
                .isEqualTo("ssh://git@git.example.com/infra.git");
    }

    @Test
    void leavesUrlsWithoutCredentialsAlone() {
        assertThat(SourceUrl.redact("file:///srv/git/infra.git")).isEqualTo("file:///srv/git/infra.git");
        assertThat(SourceUrl.redact("git@github.com:org/infra.git")).isEqualTo("git@github.com:org/infra.git");
        assertThat(SourceUrl.redact("/srv/git/infra.git")).isEqualTo("/srv/git/infra.git");
        assertThat(SourceUrl.redact("https://git.example.com/org/infra.git?ref=a@b"))
                .isEqualTo("https://git.example.com/org/infra.git?ref=a@b");
    }

    @Test
    void masksEveryUrlInAText() {
        assertThat(SourceUrl.redact("https://a:b@one.example/x: moved to https://c:d@two.example/y, sorry"))
                .isEqualTo("https://***@one.example/x: moved to https://***@two.example/y, sorry");
        assertThat(SourceUrl.redact("a password with @ in it: https://u:p@ss@host/r"))
                .isEqualTo("a password with @ in it: https://***@host/r");
    }
}
