package dev.plumbline.agent.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Logging for the plumbline command line and daemon, set up in code rather than read from an XML file (which
 * loads several hundred classes of XML parsing on every start, a good part of a short command's time):
 * everything on stderr ({@value LogFormat#APPENDER} appender), so that stdout carries only what a command
 * prints (plans, JSON), in {@link LogFormat#TEXT_PATTERN}, whose message and stack trace escape control
 * characters. Plumbline's own level is set per command (see ConfigOptions); {@code --log-format json} swaps
 * the encoder ({@link LogFormat#apply}). Found by logback through {@link java.util.ServiceLoader}; a
 * configuration file named with {@code -Dlogback.configurationFile=...} takes over instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** The levels of Plumbline's and its libraries' loggers; everything else logs warnings and worse. */
    static final Map<String, Level> LEVELS = Map.of(
            "dev.plumbline", Level.INFO,
            "org.quartz", Level.WARN,
            "org.flywaydb", Level.WARN,
            "org.eclipse.jgit", Level.WARN,
            "io.javalin", Level.WARN,
            "org.eclipse.jetty", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(LogFormat.APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(LogFormat.TEXT.encoder(context));
        stderr.start();
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
