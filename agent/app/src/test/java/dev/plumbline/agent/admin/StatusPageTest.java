package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.agent.Daemon;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.source.git.fixture.GitRepo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page over HTTP, as a browser without scripts sees it: sign-in and its cookie, sessions that end,
 * CSRF tokens, a viewer's refused POSTs, the audit of both, escaping of what commits say, and the security
 * headers. The browser test (it-tests) drives the same pages through Chromium.
 */
class StatusPageTest {

    private static final String OPERATOR = "ops-token-7a61c0";
    private static final String VIEWER = "dash-token-19be44";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Daemon start(MovedClock clock) throws Exception {
        GitRepo repo = GitRepo.create(dir, "infra");
        repo.write("stacks/web/motd.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: motd }
                spec: { path: motd, content: hello }
                """).commit("Say <script>alert(1)</script> & more");
        Daemon daemon = Daemon.start(ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                admin:
                  listen: 127.0.0.1:0
                  tokens:
                    - { name: ops, role: operator, tokenEnv: OPS }
                    - { name: dash, role: viewer, tokenEnv: DASH }
                sources:
                  - { name: infra, url: %s, ref: main }
                providers:
                  - { name: local, type: files, root: ./live }
                stacks:
                  - { name: web, source: infra, path: stacks/web, provider: local }
                """.formatted(repo.fileUrl()))), clock, Map.of("OPS", OPERATOR, "DASH", VIEWER));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("live/motd")));
        return daemon;
    }

    @Test
    void signingInActingAndSigningOut() throws Exception {
        MovedClock clock = new MovedClock();
        try (Daemon daemon = start(clock)) {
            HttpResponse<String> anonymous = get(daemon, "/", null);
            assertThat(anonymous.statusCode()).isEqualTo(303);
            assertThat(anonymous.headers().firstValue("Location")).contains("/login");
            HttpResponse<String> form = get(daemon, "/login", null);
            assertThat(form.body()).contains("<form id=\"login\" method=\"post\" action=\"/login\"",
                    "<label for=\"token\">Token</label>");
            assertThat(form.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'"));

            HttpResponse<String> wrong = post(daemon, "/login", null, Map.of("token", "not-a-token"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("role=\"alert\">That is not a token of this agent.").doesNotContain(
                    "not-a-token");

            String cookie = signIn(daemon, OPERATOR);
            HttpResponse<String> overview = get(daemon, "/", cookie);
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(overview.body()).contains("<tr data-stack=\"web\">", "badge ready", "ops (operator)")
                    .doesNotContain(OPERATOR);
            HttpResponse<String> page = get(daemon, "/stacks/web", cookie);
            assertThat(page.body()).contains("Say &lt;script&gt;alert(1)&lt;/script&gt; &amp; more",
                    "<form id=\"pause\"", "<form id=\"rollback\"").doesNotContain("<script>alert").doesNotContain(OPERATOR);
            String csrf = csrf(page.body());
            HttpResponse<String> missing = get(daemon, "/stacks/%3Cb%3Enope", cookie);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("role=\"alert\">no stack named '&lt;b&gt;nope'")
                    .doesNotContain("<b>nope");

            HttpResponse<String> forged = post(daemon, "/stacks/web/pause", cookie, Map.of("csrf", "forged"));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(daemon.agent().workspace().store().controls().get("web").paused()).isFalse();
            HttpResponse<String> paused = post(daemon, "/stacks/web/pause", cookie, Map.of("csrf", csrf));
            assertThat(paused.statusCode()).isEqualTo(303);
            assertThat(daemon.agent().workspace().store().controls().get("web").paused()).isTrue();
            assertThat(get(daemon, "/stacks/web", cookie).body()).contains("id=\"flash\"", "Paused:",
                    "badge paused", "<form id=\"resume\"");

            String viewer = signIn(daemon, VIEWER);
            HttpResponse<String> viewed = get(daemon, "/stacks/web", viewer);
            assertThat(viewed.body()).doesNotContain("id=\"actions\"", "<form id=\"resume\"");
            HttpResponse<String> refused = post(daemon, "/stacks/web/resume", viewer, Map.of("csrf", csrf(viewed.body())));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(daemon.agent().workspace().store().controls().get("web").paused()).isTrue();

            List<AuditEntry> audit = daemon.agent().workspace().store().audit().recent(20);
            assertThat(audit).extracting(e -> e.actor() + " " + e.action() + " " + e.status() + " " + e.result())
                    .contains("dash resume 403 refused: the token's role is viewer; resume needs operator",
                            "ops pause 303 paused",
                            "ops pause 403 refused: the form's CSRF token is missing or wrong",
                            "anonymous login 401 refused: not a token of admin.tokens");

            HttpResponse<String> out = post(daemon, "/logout", cookie, Map.of("csrf", csrf));
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(set -> assertThat(set)
                    .contains("plumbline_session=;", "Expires=Thu, 01 Jan 1970"));
            assertThat(get(daemon, "/", cookie).statusCode()).as("the session ended").isEqualTo(303);

            clock.move(PageSessions.LIFETIME.plusMinutes(1));
            assertThat(get(daemon, "/", viewer).statusCode()).as("sessions expire").isEqualTo(303);
        }
    }

    @Test
    void theCookieIsHttpOnlyAndStrictAndTheAssetsComeFromTheJar() throws Exception {
        try (Daemon daemon = start(new MovedClock())) {
            HttpResponse<String> signedIn = post(daemon, "/login", null, Map.of("token", OPERATOR));
            String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith("plumbline_session=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                    .doesNotContain(OPERATOR).doesNotContain("Secure");
            assertThat(signedIn.headers().firstValue("Location")).contains("/");

            HttpResponse<String> css = get(daemon, "/assets/page.css", null);
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
            assertThat(css.body()).contains("prefers-color-scheme: dark");
            assertThat(get(daemon, "/assets/page.js", null).body()).contains("data-refresh");
            assertThat(get(daemon, "/assets/plumbline.yaml", null).statusCode()).isEqualTo(404);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            HttpResponse<String> rows = get(daemon, "/fragments/stacks?condition=ready", cookie);
            assertThat(rows.body()).startsWith("<tbody id=\"stack-rows\">").contains("data-stack=\"web\"");
            assertThat(get(daemon, "/fragments/stacks?condition=stalled", cookie).body()).contains("No stack matches.");
            assertThat(get(daemon, "/fragments/stacks", null).statusCode()).isEqualTo(401);
        }
    }

    private String signIn(Daemon daemon, String token) throws Exception {
        HttpResponse<String> answer = post(daemon, "/login", null, Map.of("token", token));
        assertThat(answer.statusCode()).isEqualTo(303);
        String set = answer.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(Daemon daemon, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon.url() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Daemon daemon, String path, String cookie, Map<String, String> form)
            throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((key, value) -> body.append(body.isEmpty() ? "" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon.url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
