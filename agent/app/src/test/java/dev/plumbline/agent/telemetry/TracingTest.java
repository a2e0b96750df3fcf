package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingTest {

    private HttpServer collector;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();
    private final CompletableFuture<String> path = new CompletableFuture<>();

    /** A stand-in OTLP/HTTP collector on the loopback: keeps the first export and answers 200. */
    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                path.complete(exchange.getRequestURI().getPath());
                received.complete(bytes);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + collector.getAddress().getPort();
    }

    @Test
    void withoutTheEnvironmentAskingTracingIsOff() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("PATH", "/usr/bin"))) {
            assertThat(tracing.exporting()).isFalse();
            assertThat(tracing.openTelemetry()).isSameAs(OpenTelemetry.noop());
        }
    }

    @Test
    void exportIsAskedForByAnExporterOrAnEndpoint() {
        assertThat(Tracing.asksForExport(Map.of())).isFalse();
        assertThat(Tracing.asksForExport(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
        assertThat(Tracing.asksForExport(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isTrue();
        assertThat(Tracing.asksForExport(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")))
                .isTrue();
        assertThat(Tracing.asksForExport(Map.of("OTEL_TRACES_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isFalse();
        assertThat(Tracing.asksForExport(Map.of("OTEL_SDK_DISABLED", "true",
                "OTEL_TRACES_EXPORTER", "otlp"))).isFalse();
        assertThat(Tracing.asksForExport(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "  "))).isFalse();
        assertThat(Tracing.asksForExport(Map.of("OTEL_SERVICE_NAME", "plumbline-prod"))).isFalse();
    }

    @Test
    void anEndpointExportsSpansOverOtlpHttpAsServicePlumbline() throws Exception {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint()))) {
            assertThat(tracing.exporting()).isTrue();
            assertThat(tracing.openTelemetry()).isInstanceOf(OpenTelemetrySdk.class);
            try (TraceScope run = ReconcileTracer.of(tracing.openTelemetry()).reconcile("web", "poll")) {
                run.revision("0123456789abcdef0123456789abcdef01234567");
            }
        } // closing flushes the batch

        assertThat(path.get(10, TimeUnit.SECONDS)).isEqualTo("/v1/traces");
        byte[] body = received.get(10, TimeUnit.SECONDS);
        assertThat(protobufString(body, "plumbline")).as("service.name plumbline").isTrue();
        assertThat(protobufString(body, "reconcile web")).isTrue();
        assertThat(protobufString(body, "0123456789abcdef0123456789abcdef01234567")).isTrue();
    }

    @Test
    void theEnvironmentNamesTheServiceWhenItWants() throws Exception {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint() + "/v1/traces",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,service.name=plumbline-eu"))) {
            ReconcileTracer.of(tracing.openTelemetry()).reconcile("web", "poll").close();
        }

        byte[] body = received.get(10, TimeUnit.SECONDS);
        assertThat(protobufString(body, "plumbline-eu")).isTrue();
        assertThat(protobufString(body, "plumbline")).isFalse();
        assertThat(protobufString(body, "prod")).isTrue();
    }

    @Test
    void anEnvironmentOpenTelemetryCannotUseLeavesTracingOff() {
        try (Tracing tracing = Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "carrier-pigeon"))) {
            assertThat(tracing.exporting()).isFalse();
        }
    }

    /**
     * Whether the OTLP protobuf holds {@code value} as a whole string field: its bytes right after their
     * length (for strings under 128 bytes, one byte), so that "plumbline" does not match "plumbline.stack".
     */
    private static boolean protobufString(byte[] body, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 1; i + bytes.length <= body.length; i++) {
            if (body[i - 1] != bytes.length) {
                continue;
            }
            for (int j = 0; j < bytes.length; j++) {
                if (body[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
