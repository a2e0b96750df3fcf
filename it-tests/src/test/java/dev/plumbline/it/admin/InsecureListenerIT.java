package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plumbline.agent.Daemon;
import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.it.fixture.Scenario;
import dev.plumbline.problem.StalledException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Plain HTTP beyond loopback: a config that listens on every address without TLS is refused when loaded,
 * unless {@code admin.allowInsecure: true}, with which the agent serves and logs a warning naming the address.
 */
class InsecureListenerIT {

    @TempDir
    Path dir;

    private Path config(String admin) throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        return Files.writeString(scenario.config(), Files.readString(scenario.config())
                .replace("admin:\n  listen: 127.0.0.1:0\n", admin));
    }

    @Test
    void plainHttpOnEveryAddressIsRefusedWithoutAllowInsecure() throws Exception {
        Path config = config("admin:\n  listen: 0.0.0.0:0\n");

        StalledException refused = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(config));

        assertThat(refused.getMessage()).contains(config + ":3:11: admin.listen 0.0.0.0:0 is not a loopback"
                + " address and admin.tls is not set", "admin.allowInsecure: true");
    }

    @Test
    void withAllowInsecureTheAgentServesAndWarns() throws Exception {
        Path config = config("admin:\n  listen: 0.0.0.0:0\n  allowInsecure: true\n");
        Logger logger = (Logger) LoggerFactory.getLogger(AdminServer.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // whatever another test in this JVM set the agent's level to
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Daemon daemon = Daemon.start(ConfigLoader.load(config), Clock.systemUTC(), Map.of())) {
            int port = Integer.parseInt(daemon.url().replaceFirst(".*:", ""));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage).containsExactly("admin API serves plain HTTP on"
                            + " 0.0.0.0:" + port + ", which is not a loopback address (admin.allowInsecure: true): tokens and"
                            + " webhook bodies cross the network unencrypted unless a proxy in front terminates TLS");
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
    }
}
