package dev.plumbline.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where spans go. Off ({@link OpenTelemetry#noop()}, no cost) unless the standard OpenTelemetry
 * environment asks for export: {@code OTEL_TRACES_EXPORTER} set to something other than {@code none}, or
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} / {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} set. Then the SDK is
 * configured from that environment by OpenTelemetry's autoconfiguration, with Plumbline's defaults below
 * it: {@code service.name=plumbline}, OTLP over {@code http/protobuf}, no OTLP metrics or logs (metrics are
 * served on {@code /metrics}, logs go to stderr). It is not registered as the global instance, and it
 * registers no shutdown hook: {@link #close()} flushes and stops it.
 */
public final class Tracing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

    /** The service name spans carry unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES name another. */
    public static final String SERVICE_NAME = "plumbline";

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.sdk = sdk;
    }

    /** Records nothing. */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    /** Traces into {@code tracerProvider} (tests hand one with an in-memory exporter). */
    public static Tracing using(SdkTracerProvider tracerProvider) {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
        return new Tracing(sdk, sdk);
    }

    /**
     * As the environment asks (in production {@code System.getenv()}). A configuration OpenTelemetry cannot
     * use (an unknown exporter, a bad endpoint) is logged and leaves tracing off: traces are not worth
     * refusing to reconcile for.
     */
    public static Tracing fromEnvironment(Map<String, String> env) {
        if (!asksForExport(env)) {
            return off();
        }
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(Tracing::defaults)
                    .addPropertiesCustomizer(config -> overrides(env, config))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            LOG.info("exporting traces as the OTEL_* environment asks");
            return new Tracing(sdk, sdk);
        } catch (ConfigurationException e) {
            LOG.warn("traces are off: the OTEL_* environment cannot be used ({})", e.getMessage());
            return off();
        }
    }

    /** Whether the environment asks for spans to be exported. */
    static boolean asksForExport(Map<String, String> env) {
        if ("true".equalsIgnoreCase(value(env, "OTEL_SDK_DISABLED"))) {
            return false;
        }
        String exporter = value(env, "OTEL_TRACES_EXPORTER");
        if (exporter != null) {
            return !exporter.equalsIgnoreCase("none");
        }
        return value(env, "OTEL_EXPORTER_OTLP_ENDPOINT") != null
                || value(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
    }

    /** Plumbline's defaults, below everything the environment and system properties say. */
    private static Map<String, String> defaults() {
        return Map.of("otel.exporter.otlp.protocol", "http/protobuf",
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none");
    }

    /**
     * The given environment's OTEL_* variables as properties (so that what the caller passed wins), and the
     * service name when nothing names one.
     */
    private static Map<String, String> overrides(Map<String, String> env, ConfigProperties config) {
        Map<String, String> properties = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        boolean named = properties.containsKey("otel.service.name") || config.getString("otel.service.name") != null
                || config.getMap("otel.resource.attributes").containsKey("service.name")
                || properties.getOrDefault("otel.resource.attributes", "").matches("(^|.*,)\\s*service\\.name\\s*=.*");
        if (!named) {
            properties.put("otel.service.name", SERVICE_NAME);
        }
        return properties;
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Whether spans go anywhere. */
    public boolean exporting() {
        return sdk != null;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
