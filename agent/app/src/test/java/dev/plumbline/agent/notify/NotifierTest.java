package dev.plumbline.agent.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.config.NotificationConfig;
import dev.plumbline.config.NotificationConfig.Event;
import dev.plumbline.config.NotificationConfig.Type;
import dev.plumbline.problem.Location;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Notifications posted to a chat app's incoming webhook and to a JSON webhook, both played by WireMock. */
class NotifierTest {

    private static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
    private static final String OTHER_SHA = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c";
    private static final Instant AT = Instant.parse("2026-11-30T03:00:00Z");
    private static final String COMMIT_URL = "https://git.example.com/infra/commit/" + SHA;

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> counted = new CopyOnWriteArrayList<>();
    private final Notifier.Metrics metrics = (target, result) -> counted.add(target + ":" + result);
    private final List<Notifier> notifiers = new ArrayList<>();

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(ok("ok")));
    }

    @AfterEach
    void stop() {
        notifiers.forEach(Notifier::close);
        server.stop();
    }

    private static NotificationConfig config(String name, Type type, Set<Event> on, List<String> stacks) {
        return new NotificationConfig(name, type, Optional.empty(), Optional.empty(), on, stacks,
                Location.of("plumbline.yaml", 3, 5));
    }

    private static NotificationConfig slack(String name) {
        return config(name, Type.SLACK, Set.of(Event.values()), List.of());
    }

    private Notifier.Target target(NotificationConfig config) {
        return new Notifier.Target(config, URI.create(server.baseUrl() + "/hooks/" + config.name()));
    }

    /** Two tries at most, 10 ms apart, so that retries take no time. */
    private Notifier notifier(Notifier.Target... targets) {
        Notifier notifier = new Notifier(List.of(targets), http, metrics, 2, Duration.ofMillis(10));
        notifiers.add(notifier);
        return notifier;
    }

    private Notifier notifier(NotificationConfig... configs) {
        return notifier(java.util.Arrays.stream(configs).map(this::target).toArray(Notifier.Target[]::new));
    }

    private static void idle(Notifier notifier) throws InterruptedException {
        assertThat(notifier.awaitIdle(Duration.ofSeconds(20))).as("all sent").isTrue();
    }

    private static RunEvent applied(String stack, String revision) {
        return new RunEvent(Event.APPLIED, stack, revision, "Alice Example", "Raise the web replicas to 3", "applied",
                "ReconciliationSucceeded", "Applied 3 changes.", new RunEvent.Counts(1, 2, 0, 0),
                Optional.of(COMMIT_URL), AT);
    }

    private static RunEvent failed(String stack, String revision) {
        return new RunEvent(Event.FAILED, stack, revision, "Bob Builder", "Move the orders database", "failed",
                "ApplyFailed", "Provider db refused the connection; retrying in 10s.",
                new RunEvent.Counts(0, 0, 1, 0), Optional.empty(), AT);
    }

    private static RunEvent drifted(String stack, String revision) {
        return new RunEvent(Event.DRIFTED, stack, revision, "Alice Example", "Raise the web replicas to 3", "drifted",
                "DriftDetected", "2 resources differ from Git; selfHeal is off.", new RunEvent.Counts(0, 0, 0, 2),
                Optional.of(COMMIT_URL), AT);
    }

    @Test
    void postsSlacksIncomingWebhookMessageForAnAppliedRun() throws Exception {
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(applied("web", SHA));
        idle(notifier);

        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/team-chat"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "text": "web: applied at 1a2b3c4 (Raise the web replicas to 3)",
                          "attachments": [{
                            "color": "#2EB886",
                            "title": "web: applied at 1a2b3c4",
                            "title_link": "https://git.example.com/infra/commit/1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
                            "text": "Applied 3 changes.",
                            "fields": [
                              {"title": "Stack", "value": "web", "short": true},
                              {"title": "Revision", "value": "1a2b3c4 Raise the web replicas to 3 (Alice Example)", "short": false},
                              {"title": "Result", "value": "applied (ReconciliationSucceeded)", "short": true},
                              {"title": "Changes", "value": "1 created, 2 updated, 0 deleted", "short": true}
                            ],
                            "footer": "plumbline",
                            "ts": 1796007600
                          }]
                        }
                        """)));
        assertThat(counted).containsExactly("team-chat:sent");
    }

    @Test
    void postsARedSlackMessageWithoutALinkForAFailedRun() throws Exception {
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(failed("db", SHA));
        idle(notifier);

        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/team-chat")).withRequestBody(equalToJson("""
                {
                  "text": "db: failed at 1a2b3c4 (Move the orders database)",
                  "attachments": [{
                    "color": "#A30200",
                    "title": "db: failed at 1a2b3c4",
                    "text": "Provider db refused the connection; retrying in 10s.",
                    "fields": [
                      {"title": "Stack", "value": "db", "short": true},
                      {"title": "Revision", "value": "1a2b3c4 Move the orders database (Bob Builder)", "short": false},
                      {"title": "Result", "value": "failed (ApplyFailed)", "short": true},
                      {"title": "Changes", "value": "0 created, 0 updated, 1 deleted", "short": true}
                    ],
                    "footer": "plumbline",
                    "ts": 1796007600
                  }]
                }
                """)));
    }

    @Test
    void postsTheWebhookDocumentWithItsHeaders() throws Exception {
        Notifier notifier = notifier(config("ci", Type.WEBHOOK, Set.of(Event.values()), List.of()));

        notifier.notify(drifted("web", SHA));
        notifier.notify(failed("web", OTHER_SHA));
        idle(notifier);

        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/ci"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("User-Agent", equalTo("plumbline"))
                .withHeader("X-Plumbline-Event", equalTo("drifted"))
                .withRequestBody(equalToJson("""
                        {
                          "version": 1,
                          "event": "drifted",
                          "stack": "web",
                          "result": "drifted",
                          "reason": "DriftDetected",
                          "message": "2 resources differ from Git; selfHeal is off.",
                          "revision": {
                            "sha": "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
                            "shortSha": "1a2b3c4",
                            "author": "Alice Example",
                            "subject": "Raise the web replicas to 3",
                            "url": "https://git.example.com/infra/commit/1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"
                          },
                          "counts": {"created": 0, "updated": 0, "deleted": 0, "drifted": 2},
                          "at": "2026-11-30T03:00:00Z"
                        }
                        """)));
        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/ci"))
                .withHeader("X-Plumbline-Event", equalTo("failed"))
                .withRequestBody(equalToJson("""
                        {
                          "version": 1,
                          "event": "failed",
                          "stack": "web",
                          "result": "failed",
                          "reason": "ApplyFailed",
                          "message": "Provider db refused the connection; retrying in 10s.",
                          "revision": {
                            "sha": "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c",
                            "shortSha": "9f8e7d6",
                            "author": "Bob Builder",
                            "subject": "Move the orders database"
                          },
                          "counts": {"created": 0, "updated": 0, "deleted": 1, "drifted": 0},
                          "at": "2026-11-30T03:00:00Z"
                        }
                        """)));
    }

    @Test
    void aSlackMessageAboutDriftIsOrangeAndCountsTheDriftedResources() throws Exception {
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(drifted("web", SHA));
        idle(notifier);

        JsonNode attachment = bodies("/hooks/team-chat").get(0).path("attachments").path(0);
        assertThat(attachment.path("color").asText()).isEqualTo("#DAA038");
        assertThat(attachment.path("fields").path(3).path("value").asText())
                .isEqualTo("0 created, 0 updated, 0 deleted, 2 drifted");
    }

    @Test
    void sendsOnlyTheEventsATargetListensTo() throws Exception {
        Notifier notifier = notifier(config("failures", Type.SLACK, Set.of(Event.FAILED, Event.STALLED), List.of()),
                config("drift", Type.WEBHOOK, Set.of(Event.DRIFTED), List.of()));

        notifier.notify(drifted("web", SHA));
        notifier.notify(applied("web", SHA));
        idle(notifier);

        server.verify(0, postRequestedFor(urlPathEqualTo("/hooks/failures")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/drift")));
        server.verify(1, postRequestedFor(urlPathMatching("/hooks/.*")));
        assertThat(counted).containsExactly("drift:sent");
    }

    @Test
    void sendsOnlyAboutTheStacksATargetCovers() throws Exception {
        Notifier notifier = notifier(config("web-team", Type.SLACK, Set.of(Event.values()), List.of("web")),
                config("everyone", Type.SLACK, Set.of(Event.values()), List.of()));

        notifier.notify(applied("db", SHA));
        idle(notifier);
        server.verify(0, postRequestedFor(urlPathEqualTo("/hooks/web-team")));
        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/everyone")));

        notifier.notify(applied("web", SHA));
        idle(notifier);
        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/web-team")));
        server.verify(2, postRequestedFor(urlPathEqualTo("/hooks/everyone")));
    }

    @Test
    void sendsTheSameEventForTheSameStackAndRevisionOnce() throws Exception {
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(failed("web", SHA));
        idle(notifier);
        notifier.notify(failed("web", SHA));
        notifier.notify(failed("web", SHA));
        idle(notifier);
        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));

        notifier.notify(failed("web", OTHER_SHA));
        notifier.notify(applied("web", SHA));
        notifier.notify(failed("db", SHA));
        idle(notifier);
        server.verify(4, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));
        assertThat(bodies("/hooks/team-chat")).extracting(body -> body.path("attachments").path(0).path("title").asText())
                .containsExactly("web: failed at 1a2b3c4", "web: failed at 9f8e7d6", "web: applied at 1a2b3c4",
                        "db: failed at 1a2b3c4");
    }

    @Test
    void retriesAServerErrorAndCountsTheRetryAndTheSend() throws Exception {
        server.stubFor(post(urlPathEqualTo("/hooks/team-chat")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("internal error")).willSetStateTo("recovered"));
        server.stubFor(post(urlPathEqualTo("/hooks/team-chat")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(ok("ok")));
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(applied("web", SHA));
        idle(notifier);

        server.verify(2, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));
        assertThat(counted).containsExactly("team-chat:retried", "team-chat:sent");
    }

    @Test
    void retriesTooManyRequestsAndGivesUpWhenTheTriesAreSpent() throws Exception {
        server.stubFor(post(urlPathEqualTo("/hooks/team-chat")).willReturn(aResponse().withStatus(429)));
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(applied("web", SHA));
        idle(notifier);

        server.verify(2, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));
        assertThat(counted).containsExactly("team-chat:retried", "team-chat:failed");
    }

    @Test
    void givesUpANotFoundAtOnce() throws Exception {
        server.stubFor(post(urlPathEqualTo("/hooks/team-chat")).willReturn(aResponse().withStatus(404)
                .withBody("no_service")));
        Notifier notifier = new Notifier(List.of(target(slack("team-chat"))), http, metrics, 6, Duration.ofMillis(10));
        notifiers.add(notifier);

        notifier.notify(applied("web", SHA));
        idle(notifier);

        server.verify(1, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));
        assertThat(counted).containsExactly("team-chat:failed");
    }

    @Test
    void aSlowEndpointDoesNotHoldUpTheCaller() throws Exception {
        server.stubFor(post(urlPathEqualTo("/hooks/team-chat")).willReturn(ok("ok").withFixedDelay(2_000)));
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(applied("web", SHA));
        notifier.notify(failed("web", OTHER_SHA));

        // both calls returned while the endpoint still holds the first message: the second is not sent yet
        server.verify(0, postRequestedFor(urlPathEqualTo("/hooks/team-chat")).withHeader("X-Plumbline-Event",
                equalTo("failed"))); // not yet: one at a time, in order
        idle(notifier);
        assertThat(bodies("/hooks/team-chat")).extracting(body -> body.path("attachments").path(0).path("title").asText())
                .containsExactly("web: applied at 1a2b3c4", "web: failed at 9f8e7d6");
        assertThat(counted).containsExactly("team-chat:sent", "team-chat:sent");
    }

    @Test
    void escapesWhatACommitOrAMessageSaysSoThatItCannotMentionOrLink() throws Exception {
        Notifier notifier = notifier(slack("team-chat"));
        RunEvent hostile = new RunEvent(Event.FAILED, "web", SHA, "Mallory <mallory@example.com>",
                "Fix <!channel> & see <http://evil.example|click here>", "failed", "ApplyFailed",
                "Rejected by <@U024BE7LH>: <!here>", new RunEvent.Counts(0, 0, 0, 0), Optional.empty(), AT);

        notifier.notify(hostile);
        idle(notifier);

        JsonNode body = bodies("/hooks/team-chat").get(0);
        JsonNode attachment = body.path("attachments").path(0);
        assertThat(body.path("text").asText())
                .isEqualTo("web: failed at 1a2b3c4 (Fix &lt;!channel&gt; &amp; see &lt;http://evil.example|click here&gt;)");
        assertThat(attachment.path("text").asText()).isEqualTo("Rejected by &lt;@U024BE7LH&gt;: &lt;!here&gt;");
        assertThat(attachment.path("fields").path(1).path("value").asText()).isEqualTo(
                "1a2b3c4 Fix &lt;!channel&gt; &amp; see &lt;http://evil.example|click here&gt;"
                        + " (Mallory &lt;mallory@example.com&gt;)");
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/hooks/team-chat"))).get(0).getBodyAsString())
                .doesNotContain("<").doesNotContain(">");
    }

    @Test
    void theWebhookDocumentCarriesTextAsItIs() throws Exception {
        Notifier notifier = notifier(config("ci", Type.WEBHOOK, Set.of(Event.values()), List.of()));
        RunEvent event = new RunEvent(Event.APPLIED, "web", SHA, "Mallory <m@example.com>", "Fix <!channel> & more",
                "applied", "ReconciliationSucceeded", "Applied.", new RunEvent.Counts(0, 1, 0, 0), Optional.empty(), AT);

        notifier.notify(event);
        idle(notifier);

        JsonNode revision = bodies("/hooks/ci").get(0).path("revision");
        assertThat(revision.path("subject").asText()).isEqualTo("Fix <!channel> & more");
        assertThat(revision.path("author").asText()).isEqualTo("Mallory <m@example.com>");
        assertThat(revision.has("url")).isFalse();
    }

    @Test
    void theWarningForAFailureNamesTheTargetAndHostButNotTheUrlsPathOrQuery() throws Exception {
        String secretPath = "/services/T0AAAA1111/B0BBBB2222/s3cr3tW3bh00kT0k3n";
        server.stubFor(post(urlPathEqualTo(secretPath)).willReturn(aResponse().withStatus(404)
                .withBody("no_service at " + secretPath + "?key=q1")));
        Notifier.Target target = new Notifier.Target(slack("team-chat"),
                URI.create(server.baseUrl() + secretPath + "?key=q1"));
        Logger logger = (Logger) LoggerFactory.getLogger(Notifier.class);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.setLevel(Level.INFO);
        logger.addAppender(logged);
        try {
            Notifier notifier = notifier(target);
            notifier.notify(applied("web", SHA));
            idle(notifier);
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }

        server.verify(1, postRequestedFor(urlPathEqualTo(secretPath)));
        assertThat(logged.list).hasSize(1);
        ILoggingEvent warning = logged.list.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARN);
        assertThat(warning.getThrowableProxy()).isNull();
        assertThat(warning.getFormattedMessage())
                .contains("team-chat", "localhost", "HTTP 404", "no_service", "web", "1a2b3c4")
                .doesNotContain("s3cr3tW3bh00kT0k3n", "/services", "T0AAAA1111", "B0BBBB2222", "key=q1",
                        String.valueOf(server.port()));
        assertThat(target.toString()).isEqualTo("'team-chat' (localhost)");
    }

    @Test
    void aConnectionFailureIsLoggedWithoutTheUrlsPathToo() throws Exception {
        WireMockServer gone = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        gone.start();
        int port = gone.port();
        gone.stop();
        Notifier.Target target = new Notifier.Target(slack("team-chat"),
                URI.create("http://127.0.0.1:" + port + "/services/T0AAAA1111/B0BBBB2222/s3cr3tW3bh00kT0k3n"));

        String line = Notifier.givenUp(target, applied("web", SHA), 6,
                "ConnectException: cannot reach " + target.url());
        assertThat(line).contains("team-chat", "127.0.0.1", "after 6 tries", "ConnectException")
                .doesNotContain("s3cr3tW3bh00kT0k3n", "/services", "B0BBBB2222");

        Notifier notifier = notifier(target);
        notifier.notify(applied("web", SHA));
        idle(notifier);
        assertThat(counted).containsExactly("team-chat:retried", "team-chat:failed");
    }

    @Test
    void closeSendsWhatIsQueuedThenTakesNoMore() throws Exception {
        Notifier notifier = notifier(slack("team-chat"));

        notifier.notify(applied("web", SHA));
        notifier.notify(failed("web", OTHER_SHA));
        notifier.close();
        server.verify(2, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));

        notifier.notify(applied("db", SHA));
        assertThat(notifier.awaitIdle(Duration.ofSeconds(1))).isTrue();
        server.verify(2, postRequestedFor(urlPathEqualTo("/hooks/team-chat")));
    }

    @Test
    void aTargetUrlMustBeHttpAndIsNeverShownInAMistake() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Notifier.Target(slack("team-chat"),
                        URI.create("ftp://hooks.example.com/services/s3cr3t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("team-chat")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aShortShaIsTheFirstSevenCharacters() {
        assertThat(applied("web", SHA).shortSha()).isEqualTo("1a2b3c4");
    }

    private List<JsonNode> bodies(String path) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : server.findAll(postRequestedFor(urlPathEqualTo(path)))) {
            bodies.add(json.readTree(request.getBodyAsString()));
        }
        return bodies;
    }
}
