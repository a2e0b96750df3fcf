package dev.plumbline.agent;

import dev.plumbline.engine.Condition;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.ReconcileRequest;
import dev.plumbline.engine.StackReconciler;
import dev.plumbline.engine.Trigger;
import dev.plumbline.agent.schedule.FetchQueue;
import dev.plumbline.agent.state.AgentLock;
import dev.plumbline.agent.state.Pruning;
import dev.plumbline.agent.state.RetentionTask;
import dev.plumbline.agent.schedule.ReconcileQueue;
import dev.plumbline.agent.schedule.Schedule;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.agent.telemetry.Telemetry;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.agent.githost.GitHostApi;
import dev.plumbline.agent.githost.GitHostPoster;
import dev.plumbline.agent.notify.Notifier;
import dev.plumbline.agent.pullrequest.PullRequestPlans;
import dev.plumbline.agent.report.RunReporting;
import dev.plumbline.config.NotificationConfig;
import dev.plumbline.config.SecretRef;
import dev.plumbline.engine.port.ReconcileListener;
import dev.plumbline.problem.Problem;
import dev.plumbline.snapshot.CommitInfo;
import dev.plumbline.source.webhook.PullRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.Preflight;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.source.git.FetchResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: polls every source at its interval (with jitter), fetches at once when a Git host announces
 * a push, reconciles a stack when its source moves to a revision the stack has not run, and re-checks
 * every stack for drift at its drift interval. Fetches go through one coalescing {@link FetchQueue}, runs
 * through one coalescing {@link ReconcileQueue}. It also prunes the state store as {@code admin.retention}
 * says, at start and then every {@code retention.interval}. {@link #close()} stops triggers, lets the run in
 * progress finish or abandon safely between two changes, and closes the workspace.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final double JITTER = 0.1;
    /** Fetch requests (pushes, polls) for one source within this window are answered by one fetch. */
    public static final Duration FETCH_WINDOW = Duration.ofMillis(100);

    private final Workspace workspace;
    /** The OS lock on the state directory: one agent per stateDir. */
    private final AgentLock lock;
    private final Clock clock;
    private final Telemetry telemetry;
    private final StopSignal stop = new StopSignal();
    private final Engine engine;
    private final StackReconciler reconciler;
    private final ReconcileQueue queue;
    private final FetchQueue<FetchCause> fetches;
    private final Schedule schedule;
    private final RequestIds requestIds;
    private final Set<String> startedUp = ConcurrentHashMap.newKeySet();
    /** Sources whose newest fetch failed. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** By source: where its commit statuses and pull-request comments go (sources with {@code host}). */
    private final Map<String, GitHostPoster> posters;
    private final Optional<Notifier> notifier;
    private final Optional<PullRequestPlans> pullRequests;

    private Agent(Workspace workspace, Clock clock, Telemetry telemetry, AgentLock lock, Map<String, String> environment) {
        this.lock = lock;
        this.workspace = workspace;
        this.clock = clock;
        this.telemetry = telemetry;
        AgentConfig config = workspace.config();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Notifier.Target> targets = new java.util.ArrayList<>();
        List<Problem> badUrls = new java.util.ArrayList<>();
        for (NotificationConfig notification : config.notifications()) {
            String url = notification.url().orElseGet(() -> secret(notification.urlSecret().orElseThrow(), environment));
            try {
                targets.add(new Notifier.Target(notification, URI.create(url.strip())));
            } catch (IllegalArgumentException e) { // the message never holds the URL: it is a credential
                badUrls.add(Problem.at(notification.urlSecret().map(SecretRef::location).orElse(notification.location()),
                        "the URL of notification '" + notification.name() + "' ("
                                + notification.urlSecret().map(SecretRef::describe).orElse("url")
                                + ") must be an http:// or https:// URL with a host"));
            }
        }
        if (!badUrls.isEmpty()) {
            throw Preflight.refusal(badUrls);
        }
        Map<String, GitHostPoster> byHost = new java.util.LinkedHashMap<>();
        for (SourceConfig source : config.sources()) {
            source.host().ifPresent(host -> byHost.put(source.name(), new GitHostPoster(source.name(),
                    GitHostApi.of(host, secret(host.token(), environment), http), telemetry.metrics()::gitHostCall)));
        }
        this.posters = Map.copyOf(byHost);
        this.notifier = targets.isEmpty() ? Optional.empty()
                : Optional.of(new Notifier(targets, http, telemetry.metrics()::notification));
        ReconcileListener listener = posters.isEmpty() && notifier.isEmpty() ? telemetry.reconcileListener()
                : new RunReporting(telemetry.reconcileListener(), config, posters, notifier, this::commit);
        this.pullRequests = config.sources().stream().anyMatch(source -> source.pullRequests().plan())
                ? Optional.of(new PullRequestPlans(workspace, clock, posters, FETCH_WINDOW)) : Optional.empty();
        this.engine = workspace.engine(clock, listener, stop, "agent");
        this.reconciler = engine.reconciler();
        this.queue = new ReconcileQueue(4, reconciler::reconcile);
        this.fetches = new FetchQueue<>(2, FETCH_WINDOW, source -> workspace.mirror(source).fetch(), new Fetched());
        this.schedule = new Schedule("plumbline-" + Integer.toHexString(System.identityHashCode(this)), 4, clock);
        this.requestIds = new RequestIds(clock);
    }

    /** Opens the workspace and starts polling at once, and drift checks after each stack's interval. */
    public static Agent start(AgentConfig config, Clock clock) {
        return start(config, clock, Telemetry.off());
    }

    /** As {@link #start(AgentConfig, Clock)}, reporting through {@code telemetry} (which it closes). */
    public static Agent start(AgentConfig config, Clock clock, Telemetry telemetry) {
        return start(config, clock, telemetry, System.getenv());
    }

    /**
     * As above, with the environment manifests' secrets are read from. First the {@link Preflight}: a token,
     * webhook secret, provider credential or TLS file the config names that is not there stops the start
     * with every such problem, before the workspace (state store, mirrors) is opened.
     */
    public static Agent start(AgentConfig config, Clock clock, Telemetry telemetry, Map<String, String> environment) {
        Agent agent = open(config, clock, telemetry, environment);
        agent.startSchedules();
        return agent;
    }

    /**
     * Everything {@link #start} does but the schedules: the preflight, the agent lock, the workspace. Nothing
     * is fetched or reconciled until {@link #startSchedules} (the daemon serves its admin API in between).
     */
    public static Agent open(AgentConfig config, Clock clock, Telemetry telemetry, Map<String, String> environment) {
        try {
            Preflight.require(config, environment, AdminServer::checkTls);
        } catch (RuntimeException e) {
            telemetry.close();
            throw e;
        }
        AgentLock lock;
        Workspace workspace;
        try {
            lock = AgentLock.acquire(config.stateDir()); // one agent per stateDir; a second is refused naming the first
        } catch (RuntimeException e) {
            telemetry.close();
            throw e;
        }
        try {
            workspace = Workspace.open(config, telemetry.metrics(), environment);
        } catch (RuntimeException e) {
            lock.close();
            telemetry.close();
            throw e;
        }
        Agent agent;
        try {
            agent = new Agent(workspace, clock, telemetry, lock, environment);
        } catch (RuntimeException e) {
            workspace.close();
            lock.close();
            telemetry.close();
            throw e;
        }
        for (StackConfig stack : config.stacks()) {
            boolean paused = workspace.store().controls().get(stack.name()).paused();
            telemetry.metrics().paused(stack.name(), paused);
            telemetry.metrics().stackConfigured(stack.name(), stack.source(), stack.provider(),
                    stack.sync().auto());
            // the stored condition, so that a stack's series goes on across a restart (an alert's `for` with it)
            Condition stored = workspace.store().status(stack.name()).map(s -> Condition.of(s.condition()))
                    .orElse(Condition.PROGRESSING);
            telemetry.metrics().condition(stack.name(), paused ? Condition.PAUSED
                    : stored == Condition.PAUSED ? Condition.PROGRESSING : stored);
        }
        return agent;
    }

    /** Starts polling every source at once, and each stack's drift checks after its interval. */
    public void startSchedules() {
        AgentConfig config = workspace.config();
        for (SourceConfig source : config.sources()) {
            schedule.every("poll/" + source.name(), source.interval(), Duration.ZERO, JITTER,
                    () -> fetches.request(source.name(), FetchCause.poll()));
        }
        for (StackConfig stack : config.stacks()) {
            schedule.every(driftTask(stack.name()), stack.driftInterval(), stack.driftInterval(), JITTER,
                    () -> checkDrift(stack.name()));
        }
        if (workspace.store() instanceof Pruning store) { // admin.retention: at start, then every interval
            schedule.every("retention", config.admin().retention().interval(), Duration.ZERO, JITTER,
                    new RetentionTask(store, config.admin().retention()));
        }
        LOG.info("agent started: {} source(s), {} stack(s), state in {}", config.sources().size(),
                config.stacks().size(), config.stateDir());
    }

    public Workspace workspace() {
        return workspace;
    }

    public Engine engine() {
        return engine;
    }

    public StackReconciler reconciler() {
        return reconciler;
    }

    public Clock clock() {
        return clock;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    /** Asks for a reconcile of a stack; every trigger ends here. */
    public void request(ReconcileRequest request) {
        queue.submit(request);
    }

    /** Whether a run of the stack is going or waiting. */
    public boolean busy(String stack) {
        return queue.busy(stack);
    }

    /** When the stack's next drift check is due, if scheduled. */
    public Optional<java.time.Instant> nextRun(String stack) {
        return schedule.nextRun(driftTask(stack));
    }

    /**
     * Why the agent's loop is not alive, in a sentence (liveness): its schedule stopped firing the polls, the
     * drift checks or its heartbeat. Empty while it is alive.
     */
    public Optional<String> notLive() {
        return schedule.notFiring();
    }

    /** Whether every source has been fetched once since start (readiness). */
    public boolean sourcesFetched() {
        return workspace.config().sources().stream().allMatch(s -> fetches.fetchedOnce(s.name()));
    }

    public boolean fetched(String source) {
        return fetches.fetchedOnce(source);
    }

    public String nextRequestId() {
        return requestIds.next();
    }

    /** Whether {@code source} follows {@code ref} (a full ref a Git host announced a push of). */
    public boolean follows(String source, String ref) {
        SourceConfig config = workspace.config().source(source).orElseThrow();
        return SourceRefs.follows(config, workspace.mirror(source).defaultBranch(), ref);
    }

    /** Why {@code source} does not follow {@code ref}, for the webhook's answer. */
    public String whyNotFollowed(String source, String ref) {
        return SourceRefs.whyNot(workspace.config().source(source).orElseThrow(), ref);
    }

    /**
     * A verified pull-request delivery: asks for its plan when the source plans pull requests aimed at the
     * branch it follows; says why not otherwise.
     */
    public PullRequestPlans.Answer pullRequest(String source, PullRequest pr) {
        if (pullRequests.isEmpty()) {
            return new PullRequestPlans.Answer(false, "pull-request plans are off for source '" + source
                    + "' (sources[].pullRequests.plan)");
        }
        return pullRequests.get().accept(source, pr, follows(source, pr.targetRef()));
    }

    /** A commit of a source as the mirror has it; empty when it cannot be read. */
    private Optional<CommitInfo> commit(String source, String sha) {
        try {
            return Optional.of(workspace.mirror(source).snapshot(sha).commit());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String secret(SecretRef reference, Map<String, String> environment) {
        List<Problem> problems = new java.util.ArrayList<>();
        return reference.resolve(environment, problems).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElseThrow(() -> Preflight.refusal(problems)); // the preflight checked it: only a race gets here
    }

    /** A verified push for a ref the source follows: fetches it at once, coalesced with other fetches. */
    public void fetchForPush(String source, String deliveryId) {
        fetches.request(source, FetchCause.webhook(deliveryId));
    }

    /**
     * An operator's sync; {@code hard} fetches the source and drops the render cache first; {@code allowMassPrune}
     * lets this one run through the prune guard.
     */
    public String sync(String stack, boolean hard, boolean allowMassPrune) {
        String requestId = requestIds.next();
        workspace.store().controls().requested(stack, requestId);
        if (hard) {
            engine.clearRenderCache();
            fetches.request(workspace.config().stack(stack).orElseThrow().source(),
                    FetchCause.hardSync(stack, requestId, allowMassPrune));
        } else {
            ReconcileRequest request = ReconcileRequest.of(stack, Trigger.MANUAL).withDetail(requestId)
                    .withRequestId(requestId);
            request(allowMassPrune ? request.allowingMassPrune() : request);
        }
        return requestId;
    }

    /** Asks for a reconcile after a resume or rollback, answering {@code requestId}. */
    public String requestAfter(String stack, Trigger trigger, Optional<String> revision) {
        String requestId = requestIds.next();
        workspace.store().controls().requested(stack, requestId);
        request(new ReconcileRequest(stack, trigger, requestId, revision, Optional.of(requestId)));
        return requestId;
    }

    /** Re-observes a stack at its current revision; skipped while it is stalled on that revision. */
    void checkDrift(String stackName) {
        StackConfig stack = workspace.config().stack(stackName).orElseThrow();
        Optional<String> revision = workspace.mirror(stack.source()).resolve();
        if (revision.isEmpty() || queue.busy(stackName) || queue.retryPending(stackName)) {
            return; // a drift check does not cut a backoff short: the pending retry observes soon enough
        }
        Optional<StackStatus> status = workspace.store().status(stackName);
        if (status.isPresent() && status.get().condition().equals(Condition.STALLED.word())
                && revision.get().equals(status.get().lastAttemptedRevision())) {
            return;
        }
        request(ReconcileRequest.at(stackName, Trigger.DRIFT, revision.get()));
    }

    /**
     * Whether a poll that found {@code sha} asks for a run: for a new revision, or for one not applied yet
     * that is worth trying again; not while the stack is pinned (new commits are fetched, not applied), and
     * not while a failure backs off (its pending retry comes soon enough) or is stalled on bad input.
     */
    private boolean wantsRun(StackConfig stack, Optional<StackStatus> status, String sha) {
        if (workspace.store().controls().get(stack.name()).pinnedRevision().isPresent()) {
            return false;
        }
        if (status.isEmpty()) {
            return true;
        }
        StackStatus s = status.get();
        if (!sha.equals(s.lastAttemptedRevision())) {
            return true;
        }
        Condition condition = Condition.of(s.condition());
        return stack.sync().auto() && !sha.equals(s.lastAppliedRevision()) && condition != Condition.STALLED
                && condition != Condition.WAITING && !queue.retryPending(stack.name());
    }

    /** What a fetch leads to: a reconcile of the source's stacks, by the causes folded into it. */
    private final class Fetched implements FetchQueue.Listener<FetchCause> {

        @Override
        public void fetched(String source, FetchResult result, List<FetchCause> causes) {
            telemetry.metrics().gitFetched(source, result.took());
            boolean first = startedUp.add(source);
            boolean recovered = failing.remove(source);
            Optional<FetchCause> webhook = causes.stream().filter(c -> c.trigger() == Trigger.WEBHOOK)
                    .reduce((a, b) -> b);
            for (StackConfig stack : workspace.config().stacksOf(source)) {
                if (first) {
                    request(ReconcileRequest.at(stack.name(), Trigger.STARTUP, result.sha()));
                } else if (webhook.isPresent()
                        && workspace.store().controls().get(stack.name()).pinnedRevision().isEmpty()) {
                    request(ReconcileRequest.at(stack.name(), Trigger.WEBHOOK, result.sha())
                            .withDetail(webhook.get().detail()));
                } else if (recovered || wantsRun(stack, workspace.store().status(stack.name()), result.sha())
                        && causes.stream().anyMatch(c -> c.trigger() == Trigger.POLL)) {
                    // after a failed fetch, the first good one runs at once: the status still says the source failed
                    request(ReconcileRequest.at(stack.name(), Trigger.POLL, result.sha()).withDetail(result.sha()));
                }
                for (FetchCause cause : causes) {
                    if (cause.stack().filter(stack.name()::equals).isPresent()) {
                        ReconcileRequest manual = ReconcileRequest.at(stack.name(), Trigger.MANUAL, result.sha())
                                .withDetail(cause.detail()).withRequestId(cause.requestId().orElseThrow());
                        request(cause.allowMassPrune() ? manual.allowingMassPrune() : manual);
                    }
                }
            }
        }

        @Override
        public void failed(String source, PlumblineException failure, List<FetchCause> causes) {
            telemetry.metrics().gitFetchFailed(source);
            LOG.warn("source {}: {} ({})", source, failure.getMessage(), failure.reason());
            failing.add(source);
            // the stacks say so in their status: a run checks live state against the revision last fetched and
            // ends Waiting with the fetch's reason; while its retry is pending, further failed polls add nothing
            for (StackConfig stack : workspace.config().stacksOf(source)) {
                if (!queue.busy(stack.name()) && !queue.retryPending(stack.name())) {
                    request(ReconcileRequest.of(stack.name(), Trigger.POLL).withDetail(failure.reason()));
                }
            }
        }
    }

    @Override
    public void close() {
        LOG.info("agent stopping");
        stop.stop();
        schedule.close();
        fetches.close();
        pullRequests.ifPresent(PullRequestPlans::close);
        queue.close(Duration.ofSeconds(30));
        notifier.ifPresent(Notifier::close);
        posters.values().forEach(GitHostPoster::close);
        telemetry.close();
        workspace.close();
        lock.close();
        LOG.info("agent stopped");
    }

    private static String driftTask(String stack) {
        return "drift/" + stack;
    }
}
