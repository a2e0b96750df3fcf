package dev.plumbline.agent;

import dev.plumbline.agent.reconcile.ReconcileRequest;
import dev.plumbline.agent.reconcile.StackReconciler;
import dev.plumbline.agent.reconcile.Trigger;
import dev.plumbline.agent.schedule.ReconcileQueue;
import dev.plumbline.agent.schedule.Schedule;
import dev.plumbline.agent.state.StackStatus;
import dev.plumbline.apply.StopSignal;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.source.git.FetchResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: polls every source at its interval (with jitter), reconciles a stack when its source moves
 * to a revision the stack has not run, and re-checks every stack for drift at its drift interval. Every
 * trigger ends in the same coalescing {@link ReconcileQueue}. {@link #close()} stops triggers, lets the
 * run in progress finish or abandon safely between two changes, and closes the workspace.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final double JITTER = 0.1;

    private final Workspace workspace;
    private final StopSignal stop = new StopSignal();
    private final ReconcileQueue queue;
    private final Schedule schedule;
    private final Set<String> polledOnce = ConcurrentHashMap.newKeySet();

    private Agent(Workspace workspace, Clock clock) {
        this.workspace = workspace;
        StackReconciler reconciler = new StackReconciler(workspace, clock, stop, "agent@" + hostname());
        this.queue = new ReconcileQueue(4, reconciler::reconcile);
        this.schedule = new Schedule("plumbline-" + Integer.toHexString(System.identityHashCode(this)), 4, clock);
    }

    /** Opens the workspace and starts polling at once, and drift checks after each stack's interval. */
    public static Agent start(AgentConfig config, Clock clock) {
        Workspace workspace = Workspace.open(config);
        Agent agent = new Agent(workspace, clock);
        for (SourceConfig source : config.sources()) {
            agent.schedule.every("poll/" + source.name(), source.interval(), Duration.ZERO, JITTER,
                    () -> agent.poll(source.name()));
        }
        for (StackConfig stack : config.stacks()) {
            agent.schedule.every("drift/" + stack.name(), stack.driftInterval(), stack.driftInterval(), JITTER,
                    () -> agent.checkDrift(stack.name()));
        }
        LOG.info("agent started: {} source(s), {} stack(s), state in {}", config.sources().size(),
                config.stacks().size(), config.stateDir());
        return agent;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Asks for a reconcile of a stack; used by every trigger. */
    public void request(ReconcileRequest request) {
        queue.submit(request);
    }

    /** Fetches a source and asks for a reconcile of each of its stacks that has not run the new revision. */
    void poll(String sourceName) {
        FetchResult fetched;
        try {
            fetched = workspace.mirror(sourceName).fetch();
        } catch (PlumblineException e) {
            LOG.warn("source {}: {} ({})", sourceName, e.getMessage(), e.reason());
            return;
        }
        boolean first = polledOnce.add(sourceName);
        for (StackConfig stack : workspace.config().stacksOf(sourceName)) {
            Optional<StackStatus> status = workspace.store().status(stack.name());
            if (first) {
                request(ReconcileRequest.at(stack.name(), Trigger.STARTUP, fetched.sha()));
            } else if (wantsRun(stack, status, fetched.sha())) {
                request(new ReconcileRequest(stack.name(), Trigger.POLL, fetched.sha(), Optional.of(fetched.sha())));
            }
        }
    }

    /** A new revision, or one not applied yet that is worth retrying (not stalled on bad input). */
    private static boolean wantsRun(StackConfig stack, Optional<StackStatus> status, String sha) {
        if (status.isEmpty()) {
            return true;
        }
        StackStatus s = status.get();
        if (!sha.equals(s.lastAttemptedRevision())) {
            return true;
        }
        return stack.sync().auto() && !sha.equals(s.lastAppliedRevision()) && !s.condition().equals("Stalled");
    }

    /** Re-observes a stack at its current revision; skipped while it is stalled on that revision. */
    void checkDrift(String stackName) {
        StackConfig stack = workspace.config().stack(stackName).orElseThrow();
        Optional<String> revision = workspace.mirror(stack.source()).resolve();
        if (revision.isEmpty() || queue.busy(stackName)) {
            return;
        }
        Optional<StackStatus> status = workspace.store().status(stackName);
        if (status.isPresent() && status.get().condition().equals("Stalled")
                && revision.get().equals(status.get().lastAttemptedRevision())) {
            return;
        }
        request(ReconcileRequest.at(stackName, Trigger.DRIFT, revision.get()));
    }

    @Override
    public void close() {
        LOG.info("agent stopping");
        stop.stop();
        schedule.close();
        queue.close(Duration.ofSeconds(30));
        workspace.close();
        LOG.info("agent stopped");
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
