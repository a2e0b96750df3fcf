package dev.plumbline.agent.telemetry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How log lines look on stderr ({@code --log-format}): {@code text} for a person at a terminal, with the
 * trace id in brackets while a span is current, or {@code json}, one object per line for a collector
 * ({@link JsonLinesEncoder}). {@link #apply} swaps the encoder of the {@code STDERR} appender {@link LogSetup} makes.
 */
public enum LogFormat {
    TEXT,
    JSON;

    /**
     * The text pattern, which the STDERR appender starts with. {@code %msg} and {@code %ex} are
     * Plumbline's, which escape control characters ({@link EscapedMessageConverter},
     * {@link EscapedThrowableConverter}).
     */
    public static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0}%" + TraceIdConverter.WORD
            + " - %msg%n%ex";

    /** The pattern words of the message, which the pattern maps to {@link EscapedMessageConverter}. */
    public static final java.util.List<String> MESSAGE_WORDS = java.util.List.of("m", "msg", "message");

    /** The pattern words of the stack trace, which the pattern maps to {@link EscapedThrowableConverter}. */
    public static final java.util.List<String> THROWABLE_WORDS = java.util.List.of("ex", "exception", "throwable");

    /** The appender {@link LogSetup} writes to stderr with. */
    public static final String APPENDER = "STDERR";

    /** Reads {@code text} or {@code json}, in any case. */
    public static LogFormat parse(String word) {
        String normal = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        return switch (normal) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("unknown log format '" + word
                    + "'; use text or json");
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Switches Plumbline's stderr log lines to {@code format} ({@code text} or {@code json}). */
    public static void apply(String format) {
        apply(format, (LoggerContext) LoggerFactory.getILoggerFactory());
    }

    /** As {@link #apply(String)}, on a given logback context. */
    public static void apply(String format, LoggerContext context) {
        LogFormat chosen = parse(format);
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> stream)) {
            throw new IllegalStateException("the logging configuration has no " + APPENDER
                    + " console appender to set the log format on");
        }
        Encoder<ILoggingEvent> encoder = chosen.encoder(context);
        stream.stop();
        stream.setEncoder(encoder);
        stream.start();
    }

    /** A started encoder for this format. */
    public Encoder<ILoggingEvent> encoder(Context context) {
        if (this == JSON) {
            JsonLinesEncoder json = new JsonLinesEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put(TraceIdConverter.WORD, TraceIdConverter::new);
        for (String word : MESSAGE_WORDS) {
            layout.getInstanceConverterMap().put(word, EscapedMessageConverter::new);
        }
        for (String word : THROWABLE_WORDS) {
            layout.getInstanceConverterMap().put(word, EscapedThrowableConverter::new);
        }
        layout.setPattern(TEXT_PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setContext(context);
        text.setCharset(StandardCharsets.UTF_8);
        text.setLayout(layout);
        text.start();
        return text;
    }
}
