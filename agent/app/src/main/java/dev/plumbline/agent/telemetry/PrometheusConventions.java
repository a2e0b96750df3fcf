package dev.plumbline.agent.telemetry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.ManagementFactory;

/**
 * Keeps what Micrometer's binders export to Prometheus' naming conventions (base units, seconds and bytes;
 * {@code _total} on counters and {@code _count} on histograms only; see docs/metrics.md), which
 * {@code promtool check metrics} checks too. {@code ProcessorMetrics} counts the process' CPU time in
 * nanoseconds, as {@code process_cpu_time_ns_total}: {@link #filter()} drops that meter, and {@link #bindTo}
 * exports the same time in seconds as {@code process_cpu_seconds_total}, the name Prometheus' own client
 * libraries give it (so that dashboards made for other processes work unchanged). It also exports the
 * processors the JVM may use as {@code system_cpu_processors}, not {@code system_cpu_count} (a gauge's name
 * must not end in {@code _count}). Install the filter before binding the JVM's and the process' metrics.
 */
final class PrometheusConventions implements MeterBinder {

    /** Micrometer's name of the meter whose unit is nanoseconds. */
    static final String NANOSECOND_CPU_TIME = "process.cpu.time";
    /** Micrometer's name of the gauge of processors, which Prometheus would see as a histogram's sample count. */
    static final String CPU_COUNT = "system.cpu.count";

    /**
     * Drops the binders' meters whose unit is not a base one (their replacements are bound by {@link #bindTo}), and
     * renames those whose names end in a suffix kept for other types.
     */
    static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals(NANOSECOND_CPU_TIME) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals(CPU_COUNT) ? id.withName("system.cpu.processors") : id;
            }
        };
    }

    /** Binds {@code process_cpu_seconds_total}, when the JVM can tell the process' CPU time (HotSpot and OpenJ9 can). */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", os, bean -> Math.max(0, bean.getProcessCpuTime()) / 1e9)
                    .baseUnit("seconds").description("The CPU time the process has used").register(registry);
        }
    }
}
