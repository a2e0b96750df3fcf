package dev.plumbline.agent.telemetry;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The {@code %msg} of Plumbline's text log pattern: the message with its control characters escaped
 * ({@link LogText#escape}), so that a line break in a value from a request or a manifest cannot forge a log line.
 * logback.xml registers it for {@code msg}, {@code message} and {@code m}, replacing logback's own.
 */
public final class EscapedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(super.convert(event));
    }
}
