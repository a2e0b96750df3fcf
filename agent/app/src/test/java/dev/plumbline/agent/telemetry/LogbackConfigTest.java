package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The logback.xml the jar ships parses cleanly (a broken one silently falls back to DEBUG on stdout), and its
 * pattern escapes control characters in messages and exceptions.
 */
class LogbackConfigTest {

    @Test
    void theShippedConfigurationHasNoErrors() throws Exception {
        URL config = getClass().getClassLoader().getResource("logback.xml");
        assertThat(config).isNotNull();
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(context.getLogger("dev.plumbline").getLevel().toString()).isEqualTo("INFO");
        assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
        context.stop();
    }

    @Test
    void theShippedPatternEscapesControlCharactersInMessagesAndExceptions() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
            context.getLogger("dev.plumbline.agent.admin.AdminServer").info("anonymous pause stack/{}: refused",
                    "web\n12:00:00.000 INFO  AdminServer - ops resumed stack/web");
            context.getLogger("dev.plumbline.agent.Agent").warn("failed", new IllegalStateException("a\nb"));
        } finally {
            context.stop();
            System.setErr(stderr);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");

        assertThat(lines[0]).endsWith(" INFO  AdminServer - anonymous pause stack/web\\n12:00:00.000 INFO "
                + " AdminServer - ops resumed stack/web: refused");
        assertThat(lines[1]).endsWith(" WARN  Agent - failed");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: a\\nb");
        assertThat(lines[3]).startsWith("\tat ");
    }
}
