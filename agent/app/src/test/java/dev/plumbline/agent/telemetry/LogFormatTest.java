package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tracing tracing = Tracing.using(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build());
    private final ReconcileTracer tracer = ReconcileTracer.of(tracing.openTelemetry());
    private final LoggerContext context = new LoggerContext();

    LogFormatTest() {
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    @AfterEach
    void tearDown() {
        context.stop();
        tracing.close();
        MDC.clear();
    }

    /** A logger of the test's own context writing with {@code format}'s encoder into {@code out}. */
    private Logger loggerWriting(LogFormat format, ByteArrayOutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(format.encoder(context));
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("dev.plumbline.engine.StackReconciler");
        logger.addAppender(appender);
        return logger;
    }

    private static List<JsonNode> jsonLines(ByteArrayOutputStream out) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            objects.add(JSON.readTree(line));
        }
        return objects;
    }

    @Test
    void parsesTheFormatsByName() {
        assertThat(LogFormat.parse("text")).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse(" JSON ")).isEqualTo(LogFormat.JSON);
        assertThatThrownBy(() -> LogFormat.parse("logfmt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown log format 'logfmt'; use text or json");
    }

    @Test
    void jsonIsOneParseableObjectPerLineWithTheTraceId() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger log = loggerWriting(LogFormat.JSON, out);
        String traceId;
        String spanId;
        try (TraceScope run = tracer.reconcile("web", "poll")) {
            traceId = run.traceId();
            spanId = MDC.get(TraceScope.SPAN_ID);
            log.info("stack {} at {}: applied", "web", "0123456");
        }
        MDC.put("delivery", "d-7");
        log.warn("a message\nover \"two\" lines", new IllegalStateException("boom"));

        List<JsonNode> lines = jsonLines(out);

        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("message").asText()).isEqualTo("stack web at 0123456: applied");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo("dev.plumbline.engine.StackReconciler");
        assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(first.get("trace_id").asText()).isEqualTo(traceId).hasSize(32);
        assertThat(first.get("span_id").asText()).isEqualTo(spanId);
        assertThat(first.has("exception")).isFalse();
        assertThat(first.has("mdc")).isFalse();
        JsonNode second = lines.get(1);
        assertThat(second.get("message").asText()).isEqualTo("a message\\nover \"two\" lines");
        assertThat(second.has("trace_id")).isFalse();
        assertThat(second.get("mdc").get("delivery").asText()).isEqualTo("d-7");
        assertThat(second.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("LogFormatTest");
    }

    @Test
    void textCarriesTheTraceIdInBracketsOnlyInsideATrace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger log = loggerWriting(LogFormat.TEXT, out);
        String traceId;
        try (TraceScope run = tracer.reconcile("web", "poll")) {
            traceId = run.traceId();
            log.info("inside");
        }
        log.info("outside");

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");

        assertThat(lines[0])
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  StackReconciler \\[" + traceId + "] - inside");
        assertThat(lines[1]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  StackReconciler - outside");
    }

    /** A stack name as a request path might carry it, %0A decoded: it would start a line of its own. */
    private static final String FORGING = "web\n12:00:00.000 INFO  AdminServer - ops resumed stack/web";

    @Test
    void textEscapesControlCharactersSoThatAValueCannotForgeALine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger log = loggerWriting(LogFormat.TEXT, out);

        log.info("anonymous pause stack/{}: refused", FORGING);
        log.warn("run of {} failed", "web\r\t\u001b[31mred\u0085\u2028\u202e", new IllegalStateException(
                "no stack named '" + FORGING + "'", new IllegalArgumentException("cause\nforged")));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");

        assertThat(lines[0]).endsWith("INFO  StackReconciler - anonymous pause stack/web\\n12:00:00.000 INFO "
                + " AdminServer - ops resumed stack/web: refused");
        assertThat(lines[1]).endsWith("WARN  StackReconciler - run of web\\r\\t\\u001B[31mred\\u0085\\u2028"
                + "\\u202E failed");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: no stack named 'web\\n12:00:00.000 INFO "
                + " AdminServer - ops resumed stack/web'");
        assertThat(lines).filteredOn(line -> line.startsWith("Caused by: "))
                .containsExactly("Caused by: java.lang.IllegalArgumentException: cause\\nforged");
        assertThat(lines).noneMatch(line -> line.startsWith("12:00:00.000") || line.startsWith("forged"));
        assertThat(lines).filteredOn(line -> !line.startsWith("\tat ") && !line.startsWith("\t... "))
                .hasSize(4);
    }

    @Test
    void jsonEscapesControlCharactersInTheMessageTheMdcAndTheExceptionMessages() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logger log = loggerWriting(LogFormat.JSON, out);
        MDC.put("stack", FORGING);

        log.info("anonymous pause stack/{}: refused", FORGING + "\u0085");
        log.error("failed", new IllegalStateException("no stack named '" + FORGING + "'"));

        List<JsonNode> lines = jsonLines(out);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("message").asText()).isEqualTo("anonymous pause stack/web\\n12:00:00.000 INFO "
                + " AdminServer - ops resumed stack/web\\u0085: refused");
        assertThat(lines.get(0).get("mdc").get("stack").asText()).isEqualTo("web\\n12:00:00.000 INFO  AdminServer"
                + " - ops resumed stack/web");
        assertThat(lines.get(1).get("exception").asText()).startsWith("java.lang.IllegalStateException: no stack"
                + " named 'web\\n12:00:00.000 INFO  AdminServer - ops resumed stack/web'\n\tat ");
    }

    @Test
    void applySwitchesTheStderrAppenderOfTheShippedConfigurationBackAndForth() throws Exception {
        configureShippedLogging();
        Logger log = context.getLogger("dev.plumbline.agent.Agent");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String traceId;
        try {
            try (TraceScope run = tracer.reconcile("web", "poll")) {
                traceId = run.traceId();
                log.info("as configured");
                LogFormat.apply("json", context);
                log.info("as json");
                LogFormat.apply("text", context);
                log.info("as text again");
            }
        } finally {
            System.setErr(stderr);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).endsWith("INFO  Agent [" + traceId + "] - as configured");
        JsonNode json = JSON.readTree(lines[1]);
        assertThat(json.get("message").asText()).isEqualTo("as json");
        assertThat(json.get("trace_id").asText()).isEqualTo(traceId);
        assertThat(lines[2]).endsWith("INFO  Agent [" + traceId + "] - as text again");
    }

    @Test
    void applyNeedsTheStderrAppender() {
        assertThatThrownBy(() -> LogFormat.apply("json", context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STDERR");
    }

    private void configureShippedLogging() {
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        setup.configure(context);
    }
}
