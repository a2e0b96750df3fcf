package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The logging the jar sets up in code ({@link LogSetup}, found by logback's service loader) writes to
 * stderr at the documented levels, without errors, and its pattern escapes control characters in messages
 * and exceptions.
 */
class LogbackConfigTest {

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    @Test
    void logbackFindsTheSetupAndItHasNoErrors() {
        assertThat(ServiceLoader.load(Configurator.class)).anyMatch(LogSetup.class::isInstance);
        LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(running.getLogger("ROOT").getAppender(LogFormat.APPENDER)).as("the test JVM's logging").isNotNull();

        LoggerContext context = configured();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(context.getLogger("dev.plumbline").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("ROOT").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("ROOT").getAppender(LogFormat.APPENDER)).isNotNull();
        context.stop();
    }

    @Test
    void theShippedPatternEscapesControlCharactersInMessagesAndExceptions() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = null;
        try {
            context = configured();
            context.getLogger("dev.plumbline.agent.admin.AdminServer").info("anonymous pause stack/{}: refused",
                    "web\n12:00:00.000 INFO  AdminServer - ops resumed stack/web");
            context.getLogger("dev.plumbline.agent.Agent").warn("failed", new IllegalStateException("a\nb"));
        } finally {
            if (context != null) {
                context.stop();
            }
            System.setErr(stderr);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");

        assertThat(lines[0]).endsWith(" INFO  AdminServer - anonymous pause stack/web\\n12:00:00.000 INFO "
                + " AdminServer - ops resumed stack/web: refused");
        assertThat(lines[1]).endsWith(" WARN  Agent - failed");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: a\\nb");
        assertThat(lines[3]).startsWith("\tat ");
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineTakesOver() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        System.setProperty("logback.configurationFile", "/nonexistent/logback.xml");
        try {
            assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger("ROOT").getAppender(LogFormat.APPENDER)).isNull();
        } finally {
            System.clearProperty("logback.configurationFile");
            context.stop();
        }
    }
}
