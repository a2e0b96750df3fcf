package dev.plumbline.agent.report;

import dev.plumbline.agent.githost.CommitStatus;
import dev.plumbline.agent.githost.GitHostPoster;
import dev.plumbline.agent.notify.Notifier;
import dev.plumbline.agent.notify.RunEvent;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.NotificationConfig;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.RunReport;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.apply.ExecutionListener;
import dev.plumbline.engine.port.ReconcileListener;
import dev.plumbline.snapshot.CommitInfo;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the world outside the agent how runs end, beside the telemetry it wraps: a commit status per stack
 * ({@code plumbline/<stack>}) on every revision a stack applies from its branch, {@code pending} when the run
 * starts on it, then {@code success} (applied, or already live) or {@code failure} (with reason and message);
 * and a notification to every target listening for what happened (failed, stalled, drifted, applied). Both
 * are handed to queues that deliver on their own threads: a run never waits on a Git host or a chat server.
 * Drift checks post no status (the revision's status was posted when it was applied).
 */
public final class RunReporting implements ReconcileListener {

    private static final Logger LOG = LoggerFactory.getLogger(RunReporting.class);

    private final ReconcileListener telemetry;
    private final AgentConfig config;
    private final Map<String, GitHostPoster> posters;
    private final Optional<Notifier> notifier;
    /** Reads a commit of a source: (source, sha) to its author and message. */
    private final BiFunction<String, String, Optional<CommitInfo>> commits;
    /** By stack: the revision its pending status was posted for, so retries on it post none again. */
    private final Map<String, String> pendingPosted = new ConcurrentHashMap<>();

    public RunReporting(ReconcileListener telemetry, AgentConfig config, Map<String, GitHostPoster> posters,
                        Optional<Notifier> notifier, BiFunction<String, String, Optional<CommitInfo>> commits) {
        this.telemetry = telemetry;
        this.config = config;
        this.posters = Map.copyOf(posters);
        this.notifier = notifier;
        this.commits = commits;
    }

    @Override
    public ExecutionListener changes() {
        return telemetry.changes();
    }

    @Override
    public RunScope started(String stack, Trigger trigger) {
        RunScope inner = telemetry.started(stack, trigger);
        Optional<StackConfig> stackConfig = config.stack(stack);
        Optional<GitHostPoster> poster = stackConfig.map(StackConfig::source).map(posters::get);
        return new RunScope() {
            @Override
            public void revision(String sha) {
                inner.revision(sha);
                if (poster.isPresent() && trigger != Trigger.DRIFT && !sha.equals(pendingPosted.put(stack, sha))) {
                    poster.get().status(sha, new CommitStatus("plumbline/" + stack, CommitStatus.State.PENDING,
                            "applying to live", link(stackConfig.get(), sha)));
                }
            }

            @Override
            public <T> T step(String name, Supplier<T> body) {
                return inner.step(name, body);
            }

            @Override
            public <T> T observe(String provider, Supplier<T> body) {
                return inner.observe(provider, body);
            }

            @Override
            public void finished(RunReport report) {
                inner.finished(report);
                if (report.skipped() || stackConfig.isEmpty()) {
                    return;
                }
                try {
                    report(stackConfig.get(), report, poster);
                } catch (RuntimeException e) { // a listener must not throw
                    LOG.warn("stack {}: reporting the run's end failed: {}", stack, e.toString());
                }
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private void report(StackConfig stack, RunReport report, Optional<GitHostPoster> poster) {
        ReconcileOutcome outcome = report.outcome();
        Optional<String> revision = outcome.revision();
        if (poster.isPresent() && revision.isPresent() && report.trigger() != Trigger.DRIFT) {
            status(stack.name(), outcome).ifPresent(status -> poster.get().status(revision.get(), status));
        }
        Optional<NotificationConfig.Event> event = event(outcome.result());
        if (notifier.isEmpty() || event.isEmpty()) {
            return;
        }
        String sha = revision.orElse("");
        Optional<CommitInfo> commit = sha.isEmpty() ? Optional.empty() : commits.apply(stack.source(), sha);
        RunReport.Changes changes = report.changes();
        notifier.get().notify(new RunEvent(event.get(), stack.name(), sha,
                commit.map(CommitInfo::authorName).orElse(""), commit.map(CommitInfo::subject).orElse(""),
                outcome.result().word(), outcome.reason(), outcome.message(),
                new RunEvent.Counts(changes.created(), changes.updated(), changes.deleted(), report.drifted()),
                sha.isEmpty() ? Optional.empty() : link(stack, sha), report.ended()));
    }

    /** The status a run's end posts; none for an end that says nothing of the revision (abandoned). */
    static Optional<CommitStatus> status(String stack, ReconcileOutcome outcome) {
        String context = "plumbline/" + stack;
        return switch (outcome.result()) {
            case APPLIED -> Optional.of(new CommitStatus(context, CommitStatus.State.SUCCESS, "applied", Optional.empty()));
            case UNCHANGED, DRIFTED -> Optional.of(new CommitStatus(context, CommitStatus.State.SUCCESS, "live",
                    Optional.empty()));
            case STALLED, WAITING -> Optional.of(new CommitStatus(context, CommitStatus.State.FAILURE,
                    outcome.reason() + ": " + outcome.message(), Optional.empty()));
            case OUT_OF_SYNC -> Optional.of(new CommitStatus(context, CommitStatus.State.PENDING,
                    "changes wait for a manual sync", Optional.empty()));
            case PAUSED -> Optional.of(new CommitStatus(context, CommitStatus.State.PENDING,
                    "the stack is paused; nothing is applied until it is resumed", Optional.empty()));
            case ABANDONED -> Optional.empty();
        };
    }

    static Optional<NotificationConfig.Event> event(ReconcileOutcome.Result result) {
        return switch (result) {
            case APPLIED -> Optional.of(NotificationConfig.Event.APPLIED);
            case WAITING -> Optional.of(NotificationConfig.Event.FAILED);
            case STALLED -> Optional.of(NotificationConfig.Event.STALLED);
            case DRIFTED -> Optional.of(NotificationConfig.Event.DRIFTED);
            default -> Optional.empty();
        };
    }

    private Optional<String> link(StackConfig stack, String sha) {
        return config.source(stack.source()).flatMap((SourceConfig source) -> CommitLinks.of(source, sha));
    }
}
