package dev.plumbline.it.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.telemetry.LogFormat;
import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A stack name with an encoded line break ({@code %0A}) in the path of an operator call, with a token and
 * without: whatever the agent logs of it stays on one line, in the text and the JSON format alike, so that
 * the name cannot forge a line such as "ops resumed ...".
 */
class LogInjectionIT {

    /** The path's stack name: a line break, then what a forged line would say. */
    private static final String FORGED = "12:00:00.000 INFO  AdminServer - ops resumed stack/web";
    private static final String PATH = "/api/v1/stacks/web%0A" + FORGED.replace(" ", "%20").replace("/", "%2F")
            + "/pause";

    @TempDir
    static Path dir;

    static Operated agent;
    static final List<OutputStreamAppender<ILoggingEvent>> APPENDERS = new ArrayList<>();
    static final ByteArrayOutputStream TEXT = new ByteArrayOutputStream();
    static final ByteArrayOutputStream JSON = new ByteArrayOutputStream();
    static Level level;

    @BeforeAll
    static void start() {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults().interval("1h"));
        scenario.manifest("motd", "motd", "hello").repo().commit("First");
        agent = Operated.start(scenario);
        await().atMost(Duration.ofSeconds(30)).until(() -> "hello".equals(scenario.liveFile("motd")));
        Logger plumbline = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.plumbline");
        level = plumbline.getLevel();
        plumbline.setLevel(Level.INFO); // whatever another test in this JVM set the agent's level to
        capture(LogFormat.TEXT, TEXT);
        capture(LogFormat.JSON, JSON);
    }

    /** Every event of the agent's loggers, also written in {@code format} to {@code out}. */
    private static void capture(LogFormat format, ByteArrayOutputStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(format.encoder(context));
        appender.setOutputStream(out);
        appender.start();
        context.getLogger("dev.plumbline").addAppender(appender);
        APPENDERS.add(appender);
    }

    @AfterAll
    static void stop() {
        Logger plumbline = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.plumbline");
        APPENDERS.forEach(appender -> {
            plumbline.detachAppender(appender);
            appender.stop();
        });
        plumbline.setLevel(level);
        agent.close();
    }

    @Test
    void anEncodedLineBreakInAStackNameForgesNoLogLine() throws Exception {
        Operated.Answer anonymous = agent.post(PATH, null, null);
        Operated.Answer operator = agent.post(PATH, Operated.OPERATOR, null);

        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
        assertThat(operator.status()).as(operator.body()).isEqualTo(404);
        String text = TEXT.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("ops pause stack/web\\n" + FORGED);
        assertThat(text.lines()).noneMatch(line -> line.startsWith("12:00:00.000 "));
        ObjectMapper mapper = new ObjectMapper();
        List<String> messages = new ArrayList<>();
        for (String line : JSON.toString(StandardCharsets.UTF_8).split("\n")) {
            messages.add(mapper.readTree(line).get("message").asText());
        }
        assertThat(messages).anyMatch(message -> message.contains("stack/web\\n" + FORGED));
        assertThat(messages).noneMatch(message -> message.contains("\n"));
    }
}
