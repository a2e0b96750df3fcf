package dev.plumbline.provider.postgres;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every log line of every logger while it is open, down to TRACE whatever the test logging config says
 * (each logger with a level of its own is lowered too, and put back on close), with the messages of any
 * exceptions logged, as one text: for tests that check a secret never reaches a log.
 */
final class CapturedLogs implements AutoCloseable {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> levels = new HashMap<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.ALL);
            }
        }
    }

    String text() {
        StringBuilder text = new StringBuilder();
        synchronized (appender) {
            for (ILoggingEvent event : appender.list) {
                text.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage()).append('\n');
                for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                    text.append("  ").append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** How many lines were logged at DEBUG or below, to show the capture saw the chatty ones too. */
    long debugLines() {
        synchronized (appender) {
            return appender.list.stream().filter(event -> !event.getLevel().isGreaterOrEqual(Level.INFO)).count();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        levels.forEach(Logger::setLevel);
        appender.stop();
    }
}
