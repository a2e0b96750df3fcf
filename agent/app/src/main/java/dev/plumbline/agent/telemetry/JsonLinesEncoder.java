package dev.plumbline.agent.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log events as JSON lines, one object per line, for log collectors:
 * {@code {"timestamp":"2026-05-01T12:00:00.000Z","level":"INFO","logger":"...","thread":"...",
 * "message":"...","trace_id":"...","span_id":"...","mdc":{...},"exception":"..."}}. The trace and span
 * ids are top-level (where Loki, Elasticsearch and Grafana look for them); other MDC entries go under
 * {@code mdc}; {@code exception} is the stack trace as text. Fields without a value are left out. Control
 * characters in the values are escaped as in the text format ({@link LogText#escape}): JSON would keep the
 * line intact anyway, but a collector that shows the decoded {@code message} would show a forged line; the
 * stack trace keeps its line breaks between frames, its exceptions' messages are escaped.
 * Logback's own {@code JsonEncoder} writes epoch numbers and nested names ({@code loggerName},
 * {@code formattedMessage}, {@code mdc.trace_id}) that collectors then have to be taught.
 */
public final class JsonLinesEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", TIMESTAMP.format(event.getInstant()));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", LogText.escape(event.getLoggerName()));
            json.writeStringField("thread", LogText.escape(event.getThreadName()));
            json.writeStringField("message", LogText.escape(event.getFormattedMessage()));
            Map<String, String> mdc = event.getMDCPropertyMap();
            writeIfPresent(json, TraceScope.TRACE_ID, mdc.get(TraceScope.TRACE_ID));
            writeIfPresent(json, TraceScope.SPAN_ID, mdc.get(TraceScope.SPAN_ID));
            writeOtherMdc(json, mdc);
            if (event.getThrowableProxy() != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(
                        EscapedThrowableConverter.escaped(event.getThrowableProxy())));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log event as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeIfPresent(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(name, LogText.escape(value));
        }
    }

    private static void writeOtherMdc(JsonGenerator json, Map<String, String> mdc) throws IOException {
        boolean opened = false;
        for (Map.Entry<String, String> entry : new TreeMap<>(mdc).entrySet()) {
            if (entry.getKey().equals(TraceScope.TRACE_ID) || entry.getKey().equals(TraceScope.SPAN_ID)) {
                continue;
            }
            if (!opened) {
                json.writeObjectFieldStart("mdc");
                opened = true;
            }
            json.writeStringField(LogText.escape(entry.getKey()), LogText.escape(entry.getValue()));
        }
        if (opened) {
            json.writeEndObject();
        }
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
