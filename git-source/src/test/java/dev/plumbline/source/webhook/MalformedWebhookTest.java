package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.fixture;
import static dev.plumbline.source.webhook.Deliveries.request;
import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bodies that are not a push of the shape the host sends: each is refused with a sentence naming the fault. */
class MalformedWebhookTest {

    /** A push delivery of each host, by its event header. */
    private static final Map<GitHost, String[]> PUSH_HEADERS = Map.of(
            GitHost.GITHUB, new String[] {"X-GitHub-Event", "push"},
            GitHost.GITLAB, new String[] {"X-Gitlab-Event", "Push Hook"},
            GitHost.GITEA, new String[] {"X-Gitea-Event", "push"},
            GitHost.BITBUCKET_CLOUD, new String[] {"X-Event-Key", "repo:push"},
            GitHost.BITBUCKET_SERVER, new String[] {"X-Event-Key", "repo:refs_changed"});

    private static MalformedWebhookException refusal(GitHost host, byte[] body, String... headers) {
        WebhookRequest request = request(body, headers.length > 0 ? headers : PUSH_HEADERS.get(host));
        MalformedWebhookException refusal = catchThrowableOfType(MalformedWebhookException.class,
                () -> Webhooks.parse(host, request));
        assertThat(refusal).as("%s accepted a malformed body", host).isNotNull();
        assertThat(refusal.reason()).isEqualTo(MalformedWebhookException.REASON);
        return refusal;
    }

    @Test
    void refusesABodyThatIsNotJsonForEveryHost() {
        for (GitHost host : GitHost.values()) {
            assertThat(refusal(host, utf8("ref=refs/heads/main")).getMessage())
                    .as(host.name())
                    .startsWith("the " + host.displayName() + " ")
                    .contains(" delivery is not valid JSON: ")
                    .contains("(line 1, column ");
        }
    }

    @Test
    void refusesJsonCutShort() {
        byte[] push = fixture("github-push.json");
        byte[] half = Arrays.copyOf(push, push.length / 2);

        assertThat(refusal(GitHost.GITHUB, half).getMessage())
                .startsWith("the GitHub push delivery is not valid JSON: Unexpected end-of-input")
                .endsWith(")");
    }

    @Test
    void refusesAnEmptyBodyAndJsonThatIsNotAnObject() {
        assertThat(refusal(GitHost.GITLAB, new byte[0]).getMessage())
                .isEqualTo("the GitLab Push Hook delivery has an empty body; it should be a JSON object");
        assertThat(refusal(GitHost.BITBUCKET_SERVER, utf8("[{\"refId\":\"refs/heads/main\"}]")).getMessage())
                .isEqualTo("the Bitbucket Server push delivery is JSON but not an object; it is an array");
    }

    @Test
    void refusesDuplicateKeysAndAnythingAfterTheObject() {
        byte[] twice = utf8("{\"ref\":\"refs/heads/main\",\"ref\":\"refs/heads/evil\"}");
        byte[] trailing = utf8(new String(fixture("github-push.json"), StandardCharsets.UTF_8) + "{}");

        assertThat(refusal(GitHost.GITHUB, twice).getMessage())
                .startsWith("the GitHub push delivery is not valid JSON: Duplicate field 'ref'");
        assertThat(refusal(GitHost.GITHUB, trailing).getMessage())
                .startsWith("the GitHub push delivery is not valid JSON: ");
    }

    @Test
    void namesAMissingOrMistypedField() {
        assertThat(refusal(GitHost.GITEA, utf8("{\"before\":\"" + "a".repeat(40) + "\"}")).getMessage())
                .isEqualTo("the Gitea/Forgejo push delivery has no field 'ref'");
        assertThat(refusal(GitHost.GITHUB, utf8("{\"ref\":5}")).getMessage())
                .isEqualTo("the GitHub push delivery has 'ref' as the number 5, where a non-empty string belongs");
        assertThat(refusal(GitHost.BITBUCKET_SERVER, utf8("{\"changes\":[{\"refId\":\"refs/heads/main\","
                + "\"fromHash\":\"" + "a".repeat(40) + "\"}]}")).getMessage())
                .isEqualTo("the Bitbucket Server push delivery has no field 'changes[0].toHash'");
        assertThat(refusal(GitHost.BITBUCKET_CLOUD, utf8("{\"push\":{\"changes\":[{\"old\":null,\"new\":null}]}}"))
                .getMessage())
                .isEqualTo("the Bitbucket Cloud push delivery has neither 'push.changes[0].old' nor"
                        + " 'push.changes[0].new' in a change; a change has the ref before it, after it, or both");
    }

    @Test
    void refusesAPushWithNoCommitOnEitherSide() {
        String zeros = "0".repeat(40);
        byte[] body = utf8("{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\",\"before\":\"" + zeros
                + "\",\"after\":\"" + zeros + "\"}");

        assertThat(refusal(GitHost.GITLAB, body).getMessage())
                .isEqualTo("the GitLab Push Hook delivery has the all-zero SHA in both 'before' and 'after' for"
                        + " refs/heads/main; a push has a commit before it, after it, or both");
    }

    @Test
    void refusesAPushThatNamesNoRepositoryUrl() {
        byte[] body = utf8("{\"ref\":\"refs/heads/main\",\"before\":\"" + "a".repeat(40) + "\",\"after\":\""
                + "b".repeat(40) + "\",\"repository\":{\"full_name\":\"acme/infra-live\"}}");

        assertThat(refusal(GitHost.GITHUB, body).getMessage())
                .isEqualTo("the GitHub push delivery names no URL of its repository; expected one in"
                        + " 'repository.clone_url', 'repository.ssh_url', 'repository.html_url'");
    }

    @Test
    void refusesAFormWithoutAPayloadField() {
        assertThat(refusal(GitHost.GITHUB, utf8("ref=refs%2Fheads%2Fmain"), "X-GitHub-Event", "push",
                "Content-Type", "application/x-www-form-urlencoded").getMessage())
                .isEqualTo("the form-encoded GitHub push delivery has no 'payload' field; it should hold the JSON"
                        + " (Content-Type is application/x-www-form-urlencoded)");
        assertThat(refusal(GitHost.GITEA, utf8("payload=%7B%zz"), "X-Gitea-Event", "push",
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8").getMessage())
                .isEqualTo("the form-encoded Gitea/Forgejo push delivery has a broken %-escape;"
                        + " it is not valid application/x-www-form-urlencoded");
    }

    @Test
    void quotesALongBadValueShortly() {
        String longRef = "x".repeat(500);

        assertThat(refusal(GitHost.GITHUB, utf8("{\"ref\":\"" + longRef + "\"}")).getMessage())
                .isEqualTo("the GitHub push delivery has 'ref' = '" + "x".repeat(80) + "...', where a full ref"
                        + " such as refs/heads/main belongs");
    }
}
