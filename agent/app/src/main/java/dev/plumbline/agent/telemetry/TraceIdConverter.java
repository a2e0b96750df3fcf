package dev.plumbline.agent.telemetry;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The {@code %traceId} of Plumbline's text log pattern: {@code " [<trace id>]"} while a span is current
 * (the MDC's {@code trace_id}), and nothing at all otherwise, so that lines outside a trace carry no empty
 * brackets. Registered in logback.xml with
 * {@code <conversionRule conversionWord="traceId" class="dev.plumbline.agent.telemetry.TraceIdConverter"/>}.
 */
public final class TraceIdConverter extends ClassicConverter {

    /** The word the pattern uses. */
    public static final String WORD = "traceId";

    @Override
    public String convert(ILoggingEvent event) {
        String traceId = event.getMDCPropertyMap().get(TraceScope.TRACE_ID);
        return traceId == null || traceId.isEmpty() ? "" : " [" + traceId + "]";
    }
}
