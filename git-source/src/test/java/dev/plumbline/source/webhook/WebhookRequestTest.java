package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    @Test
    void looksHeadersUpInAnyCaseAndStripsTheirValues() {
        WebhookRequest request = WebhookRequest.of(Map.of("X-GitHub-Event", " push "), utf8("{}"));

        assertThat(request.header("x-github-event")).contains("push");
        assertThat(request.header("X-GITHUB-EVENT")).contains("push");
        assertThat(request.header("X-GitHub-Delivery")).isEmpty();
    }

    @Test
    void keepsTheValuesOfAHeaderSentTwiceUnderNamesOfAnyCase() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", List.of("first"));
        headers.put("x-request-id", List.of("second", "third"));

        WebhookRequest request = new WebhookRequest(headers, utf8("{}"));

        assertThat(request.headers().get("X-REQUEST-ID")).containsExactly("first", "second", "third");
        assertThat(request.header("x-Request-ID")).contains("first");
    }

    @Test
    void tellsAnEmptyHeaderFromAMissingOne() {
        WebhookRequest request = WebhookRequest.of(Map.of("X-Gitea-Signature", ""), utf8("{}"));

        assertThat(request.header("X-Gitea-Signature")).contains("");
        assertThat(request.hasHeader("X-Gitea-Signature")).isFalse();
    }

    @Test
    void keepsItsOwnCopyOfTheBody() {
        byte[] body = utf8("{\"ref\":\"refs/heads/main\"}");
        WebhookRequest request = WebhookRequest.of(Map.of(), body);

        body[0] = 'X';
        request.body()[1] = 'Y';

        assertThat(request.body()).isEqualTo(utf8("{\"ref\":\"refs/heads/main\"}"));
        assertThat(request).isEqualTo(WebhookRequest.of(Map.of(), utf8("{\"ref\":\"refs/heads/main\"}")));
    }

    @Test
    void showsNoHeaderValueSinceGitLabSendsItsSecretInOne() {
        WebhookRequest request = WebhookRequest.of(Map.of("X-Gitlab-Token", "glpat-very-secret"), utf8("{}"));

        assertThat(request.toString()).contains("X-Gitlab-Token").contains("2 bytes").doesNotContain("glpat-very-secret");
    }
}
