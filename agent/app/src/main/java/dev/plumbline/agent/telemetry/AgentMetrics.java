package dev.plumbline.agent.telemetry;

import dev.plumbline.engine.Condition;
import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.plan.Action;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The agent's metrics, named for Prometheus with the prefix {@code plumbline_} (see docs/metrics.md): one
 * intention-revealing method per thing that happens, so that callers never name a meter. Gauges read
 * state this object holds (one value per stack), never objects that may be collected. {@link #scrape()}
 * is what {@code GET /metrics} serves.
 */
public final class AgentMetrics implements AutoCloseable {

    /** The shape of a reason: one CamelCase word of at most 40 letters. */
    private static final java.util.regex.Pattern REASON = java.util.regex.Pattern.compile("[A-Z][A-Za-z]{1,39}");

    /** The results a reconcile ends with: the words of the run history (a paused stack's skipped run is none). */
    public static final Set<String> RECONCILE_RESULTS = java.util.Arrays.stream(ReconcileOutcome.Result.values())
            .filter(result -> result != ReconcileOutcome.Result.PAUSED).map(ReconcileOutcome.Result::word)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** What can become of a webhook delivery. */
    public static final Set<String> WEBHOOK_RESULTS =
            Set.of("accepted", "ignored", "ping", "duplicate", "unauthorized", "too_large", "malformed", "not_found");

    /** Why the admin API refused a request before it ran: no valid token, the token's role, or too many failures. */
    public static final Set<String> ADMIN_DENIED_REASONS = Set.of("unauthenticated", "forbidden", "rate_limited");

    private final MeterRegistry registry;
    private final AutoCloseable binders;
    private final Map<String, AtomicLong> driftedResources = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastAppliedMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nextRetryMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pausedStacks = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Condition>> conditions = new ConcurrentHashMap<>();

    private AgentMetrics(MeterRegistry registry, AutoCloseable binders) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.binders = binders;
        // what this agent is, as Prometheus' own *_build_info: plumbline_build_info{version,revision} 1
        dev.plumbline.agent.cli.BuildInfo build = dev.plumbline.agent.cli.BuildInfo.current();
        Gauge.builder("plumbline.build.info", () -> 1).strongReference(true)
                .description("The version this agent runs and the commit it was built from; always 1")
                .tags("version", build.version(), "revision", build.revision()).register(registry);
        for (String reason : ADMIN_DENIED_REASONS) {
            adminDenied(reason); // every series from the start, so that the first refusal shows in increase()
        }
    }

    /** A Prometheus registry of its own, with the JVM's and the process's metrics beside Plumbline's. */
    public static AgentMetrics prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(PrometheusConventions.filter()); // before the binders: it drops one of theirs
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new PrometheusConventions().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new AgentMetrics(registry, gc);
    }

    /** Plumbline's metrics only, on a registry the caller owns (tests, or an application embedding the agent). */
    public static AgentMetrics on(MeterRegistry registry) {
        return new AgentMetrics(registry, null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A run of {@code stack} ended with {@code result} (one of {@link #RECONCILE_RESULTS}) after {@code took}. */
    public void reconciled(String stack, String result, Duration took) {
        reconciled(stack, result, "", took);
    }

    /**
     * As above, with the run's stable reason ({@code dev.plumbline.problem.Reasons}) as the {@code reason}
     * label; a word that is not a reason's shape is counted as {@code Other}, so that the label stays bounded.
     */
    public void reconciled(String stack, String result, String reason, Duration took) {
        requireOneOf(RECONCILE_RESULTS, "reconcile result", result);
        String label = reason == null ? "" : reason;
        if (!label.isEmpty() && !REASON.matcher(label).matches()) {
            label = "Other";
        }
        Counter.builder("plumbline.reconciles").description("Reconciles by stack, result and reason")
                .tags("stack", stack, "result", result, "reason", label).register(registry).increment();
        Timer.builder("plumbline.reconcile.duration").description("How long one reconcile took")
                .tag("stack", stack).serviceLevelObjectives(Buckets.RECONCILE).register(registry).record(took);
    }

    /**
     * A run of {@code stack} parsed {@code count} manifest files (the others were known from its previous
     * render): a commit that changes one file parses one.
     */
    public void manifestsParsed(String stack, int count) {
        Counter.builder("plumbline.manifest.files.parsed").description("Manifest files parsed, by stack (a file"
                + " unchanged since the stack's previous render is not parsed again)").tag("stack", stack)
                .register(registry).increment(count);
    }

    /** How many resources of {@code stack} differ from Git and were left so (the status' drifted count). */
    public void driftedResources(String stack, int count) {
        gaugeValue(driftedResources, "plumbline.drifted.resources", "Resources that differ from Git, left so",
                null, AtomicLong::get, stack).set(count);
    }

    /** A run left {@code stack} matching Git (applied or unchanged) at {@code at}. */
    public void lastApplied(String stack, Instant at) {
        gaugeValue(lastAppliedMillis, "plumbline.last.applied.timestamp",
                "When a run last left the stack matching Git (Unix time)", "seconds", millis -> millis.get() / 1000.0,
                stack).set(at.toEpochMilli());
    }

    /**
     * When the stack's failed run is tried again ({@code at}), or that no retry is due (empty): the backoff
     * that status messages spell out, for alerts and dashboards.
     */
    public void nextRetry(String stack, Optional<Instant> at) {
        gaugeValue(nextRetryMillis, "plumbline.next.retry.timestamp",
                "When the stack's last failure is retried (Unix time); 0 when no retry is due", "seconds",
                millis -> millis.get() / 1000.0, stack).set(at.map(Instant::toEpochMilli).orElse(0L));
    }

    /**
     * A revision committed at {@code committedAt} (the commit's committer time) became live in {@code stack}
     * at {@code appliedAt}; call once per stack and revision, on the first run that converges on it.
     */
    public void commitApplied(String stack, Instant committedAt, Instant appliedAt) {
        Duration latency = Duration.between(committedAt, appliedAt);
        commitToApplied(stack).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private Timer commitToApplied(String stack) {
        return Timer.builder("plumbline.commit.to.applied")
                .description("From a commit's committer time to the run that made it live")
                .tag("stack", stack).serviceLevelObjectives(Buckets.CONVERGE).register(registry);
    }

    /** One change was written (or failed to be) through {@code provider}. */
    public void applyOperation(String provider, Action action, boolean succeeded) {
        if (!action.mutates()) {
            throw new IllegalArgumentException("only create, update and delete are apply operations, not "
                    + action.word());
        }
        Counter.builder("plumbline.apply.operations").description("Changes written, by provider and result")
                .tags("provider", provider, "operation", action.word(), "result", succeeded ? "success" : "failure")
                .register(registry).increment();
    }

    /** A fetch of {@code source} succeeded after {@code took}. */
    public void gitFetched(String source, Duration took) {
        Timer.builder("plumbline.git.fetch.duration").description("How long a successful fetch of a source took")
                .tag("source", source).serviceLevelObjectives(Buckets.FETCH).register(registry).record(took);
        fetchFailures(source);
    }

    /** A fetch of {@code source} failed. */
    public void gitFetchFailed(String source) {
        fetchFailures(source).increment();
    }

    private Counter fetchFailures(String source) {
        return Counter.builder("plumbline.git.fetch.failures").description("Failed fetches of a source")
                .tag("source", source).register(registry);
    }

    /** A call to the state store failed; {@code operation} is the store's method, e.g. {@code saveStatus}. */
    public void stateStoreError(String operation) {
        Counter.builder("plumbline.state.store.errors").description("Failed calls to the state store")
                .tag("operation", operation).register(registry).increment();
    }

    /**
     * A webhook delivery to {@code /hooks/{source}} was answered with {@code result} (a word of
     * {@link #WEBHOOK_RESULTS}). A {@code not_found} delivery is labelled {@code source="unknown"}: its
     * source is whatever the caller put in the path, and must not become a series.
     */
    public void webhookDelivery(String source, String result) {
        requireOneOf(WEBHOOK_RESULTS, "webhook result", result);
        boolean unknown = source == null || source.isBlank() || result.equals("not_found");
        Counter.builder("plumbline.webhook.deliveries").description("Webhook deliveries by source and result")
                .tags("source", unknown ? "unknown" : source, "result", result)
                .register(registry).increment();
    }

    /** The words a notification's delivery ends in, as {@code result} of {@code plumbline_notifications_total}. */
    public static final java.util.Set<String> NOTIFICATION_RESULTS = java.util.Set.of("sent", "retried", "failed");
    /** The words a Git host API call ends in, as {@code result} of {@code plumbline_git_host_calls_total}. */
    public static final java.util.Set<String> GIT_HOST_RESULTS = java.util.Set.of("ok", "retried", "failed");

    /**
     * A message to notification target {@code target} (its config name) was sent, failed once and will be
     * tried again ({@code retried}), or given up on after its last try ({@code failed}).
     */
    public void notification(String target, String result) {
        requireOneOf(NOTIFICATION_RESULTS, "notification result", result);
        Counter.builder("plumbline.notifications").description("Notification deliveries by target and result")
                .tags("target", target, "result", result).register(registry).increment();
    }

    /**
     * A call to the Git host API of {@code source}: {@code call} is {@code status} or {@code comment}, and
     * {@code result} a word of {@link #GIT_HOST_RESULTS}.
     */
    public void gitHostCall(String source, String call, String result) {
        requireOneOf(GIT_HOST_RESULTS, "Git host call result", result);
        Counter.builder("plumbline.git.host.calls").description("Calls to a source's Git host API by call and result")
                .tags("source", source, "call", call, "result", result).register(registry).increment();
    }

    /**
     * The admin API refused a request for its credentials: {@code reason} is a word of
     * {@link #ADMIN_DENIED_REASONS}. The label says nothing of the request, so that made-up paths, addresses or
     * tokens add no series.
     */
    public void adminRequestDenied(String reason) {
        requireOneOf(ADMIN_DENIED_REASONS, "admin denial reason", reason);
        adminDenied(reason).increment();
    }

    private Counter adminDenied(String reason) {
        return Counter.builder("plumbline.admin.requests.denied")
                .description("Admin API requests refused for their credentials, by reason")
                .tag("reason", reason).register(registry);
    }

    /**
     * Whether {@code stack} is paused now ({@code plumbline_stacks_paused{stack}}: 1 or 0); call at start for every
     * stack, and on every pause and resume. {@code sum(plumbline_stacks_paused)} counts the paused stacks.
     */
    public void paused(String stack, boolean paused) {
        gaugeValue(pausedStacks, "plumbline.stacks.paused", "Whether an operator paused the stack (1) or not (0)",
                null, AtomicLong::get, stack).set(paused ? 1 : 0);
    }

    /**
     * The condition {@code stack} is in now: {@code plumbline_stack_condition{stack, condition}} is 1 for it and 0
     * for the others, {@code condition} being the word of a {@link Condition} ({@code Ready}, {@code Progressing},
     * {@code OutOfSync}, {@code Drifted}, {@code Waiting}, {@code Stalled}, {@code Paused}) as the status spells
     * it. Set at start (from the stored status), at every run's end, and on pause and resume.
     */
    public void condition(String stack, Condition condition) {
        Objects.requireNonNull(condition, "condition");
        conditions.computeIfAbsent(stack, s -> {
            AtomicReference<Condition> current = new AtomicReference<>(condition);
            for (Condition each : Condition.values()) {
                Gauge.builder("plumbline.stack.condition", current, now -> now.get() == each ? 1 : 0)
                        .strongReference(true).description("1 for the condition the stack is in, 0 for the others")
                        .tags("stack", s, "condition", each.word()).register(registry);
            }
            return current;
        }).set(condition);
    }

    /**
     * {@code stack} is in the config, reading {@code source}, applying through {@code provider} (its default one),
     * with automatic sync on or off: {@code plumbline_stack_info{stack, source, provider, sync}} is 1, {@code sync}
     * being {@code auto} or {@code manual}. Dashboards find a stack's source (its fetches) and provider (its apply
     * operations) through it, and the time-to-converge SLO counts the {@code auto} stacks only (a manual stack's
     * time includes the wait for a person). Call at start for every stack. The stack's time-to-converge histogram
     * starts here too, at 0, so that {@code rate()} sees the first commit after a start.
     */
    public void stackConfigured(String stack, String source, String provider, boolean autoSync) {
        Gauge.builder("plumbline.stack.info", () -> 1)
                .description("A stack of the config, with its source, provider and sync (auto or manual)")
                .tags("stack", stack, "source", source, "provider", provider, "sync", autoSync ? "auto" : "manual")
                .register(registry);
        commitToApplied(stack);
    }

    /** Forgets every series of a stack that left the config, so that it stops being reported. */
    public void stackRemoved(String stack) {
        driftedResources.remove(stack);
        lastAppliedMillis.remove(stack);
        nextRetryMillis.remove(stack);
        pausedStacks.remove(stack);
        conditions.remove(stack);
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("plumbline.") && stack.equals(meter.getId().getTag("stack"))) {
                registry.remove(meter);
            }
        }
    }

    /** The Prometheus text exposition of every metric: the body of {@code GET /metrics}. */
    public String scrape() {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus.scrape();
        }
        throw new IllegalStateException("metrics are kept in a " + registry.getClass().getSimpleName()
                + ", which has no Prometheus exposition");
    }

    /** The content type of {@link #scrape()}'s text. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    /** The value behind a stack's gauge, registering the gauge the first time. */
    private AtomicLong gaugeValue(Map<String, AtomicLong> values, String name, String description, String unit,
                                  ToDoubleFunction<AtomicLong> read, String stack) {
        return values.computeIfAbsent(stack, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, read).strongReference(true)
                    .description(description).baseUnit(unit).tag("stack", s).register(registry);
            return value;
        });
    }

    private static void requireOneOf(Set<String> words, String what, String word) {
        if (!words.contains(word)) {
            throw new IllegalArgumentException("unknown " + what + " '" + word + "'; expected one of "
                    + String.join(", ", new TreeSet<>(words)));
        }
    }

    @Override
    public void close() {
        if (binders != null) {
            try {
                binders.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot unbind the JVM metrics: " + e.getMessage(), e);
            }
        }
        registry.close();
    }
}
