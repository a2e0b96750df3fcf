package dev.plumbline.agent.operate;

import dev.plumbline.problem.Reasons;
import dev.plumbline.agent.Agent;
import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.Condition;
import dev.plumbline.engine.PreparedPlan;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackControls;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.snapshot.CommitInfo;
import dev.plumbline.source.git.GitMirror;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an operator can do to a running agent's stacks: plan, sync, pause, resume, roll back, and read the
 * history and the audit log. The admin API calls it (and through the API, the CLI); a status page calls
 * the same methods. Every refusal is a {@link Refusal} with a stable reason; the callers audit.
 */
public final class Operations {

    /** A request the agent took: the stack, the id to wait for, and the stack's controls after it. */
    public record Requested(String stack, String requestId, StackControl control) {
    }

    private final Agent agent;

    public Operations(Agent agent) {
        this.agent = agent;
    }

    public List<StackConfig> stacks() {
        return agent.workspace().config().stacks();
    }

    /** The stack of that name. */
    public StackConfig stack(String name) {
        return agent.workspace().config().stack(name)
                .orElseThrow(() -> Refusal.notFound("no stack named '" + name + "'"));
    }

    /**
     * What a sync would change now, at the stack's pin or its source's current revision; a stack that
     * cannot be planned gives the document's error form.
     */
    public PlanDocument plan(String name) {
        StackConfig stack = stack(name);
        StackControl control = controls().get(stack.name());
        GitMirror mirror = agent.workspace().mirror(stack.source());
        String revision = control.pinnedRevision().or(mirror::resolve).orElseThrow(() -> Refusal.conflict(
                Reasons.NOT_FETCHED, "source '" + stack.source() + "' has not been fetched yet; try again in a moment"));
        try {
            PreparedPlan prepared = agent.engine().planner().prepare(stack, mirror.snapshot(revision));
            return PlanDocument.of(stack.name(), revision, prepared.plan());
        } catch (PlumblineException e) {
            return PlanDocument.error(stack.name(), revision, e);
        }
    }

    /**
     * Asks for a reconcile now; {@code hard} fetches the source and drops the render cache first;
     * {@code allowMassPrune} lets this one run through the prune guard.
     */
    public Requested sync(String name, boolean hard, boolean allowMassPrune) {
        StackConfig stack = stack(name);
        refuseWhenPaused(stack, "sync");
        String requestId = agent.sync(stack.name(), hard, allowMassPrune);
        return new Requested(stack.name(), requestId, controls().get(stack.name()));
    }

    /** Holds every change of the stack until it is resumed; drift and new commits are still seen. */
    public StackControl pause(String name) {
        StackConfig stack = stack(name);
        controls().setPaused(stack.name(), true);
        agent.telemetry().metrics().paused(stack.name(), true);
        agent.telemetry().metrics().condition(stack.name(), Condition.PAUSED);
        return controls().get(stack.name());
    }

    /** Undoes a pause and a rollback's pin, and reconciles as the sync policy says. */
    public Requested resume(String name) {
        StackConfig stack = stack(name);
        controls().setPaused(stack.name(), false);
        agent.telemetry().metrics().paused(stack.name(), false);
        agent.telemetry().metrics().condition(stack.name(), Condition.PROGRESSING); // the run asked for below
        controls().setPinned(stack.name(), null);
        String requestId = agent.requestAfter(stack.name(), Trigger.RESUME, Optional.empty());
        return new Requested(stack.name(), requestId, controls().get(stack.name()));
    }

    /** Pins the stack to an earlier commit of its source and applies it; new commits wait until resume. */
    public Requested rollback(String name, String revisionText) {
        StackConfig stack = stack(name);
        refuseWhenPaused(stack, "roll back");
        String revision = revisionText == null ? "" : revisionText.strip().toLowerCase(Locale.ROOT);
        if (!revision.matches("[0-9a-f]{40}")) {
            throw Refusal.invalid(Reasons.INVALID_REVISION, "the body must be {\"revision\": \"<full 40-character"
                    + " commit SHA>\"}");
        }
        if (!agent.workspace().mirror(stack.source()).hasCommit(revision)) {
            throw Refusal.invalid(Reasons.REVISION_NOT_FOUND, "commit " + revision + " is not in source '"
                    + stack.source() + "'");
        }
        controls().setPinned(stack.name(), revision);
        String requestId = agent.requestAfter(stack.name(), Trigger.ROLLBACK, Optional.of(revision));
        return new Requested(stack.name(), requestId, controls().get(stack.name()));
    }

    /** The stack's last known status; empty before its first run. */
    public Optional<StackStatus> status(String name) {
        return agent.workspace().store().status(stack(name).name());
    }

    /** What operators decided for the stack: paused, pinned, requests made and handled. */
    public StackControl control(String name) {
        return controls().get(stack(name).name());
    }

    /** Whether a run of the stack is going or waiting. */
    public boolean busy(String name) {
        return agent.busy(stack(name).name());
    }

    /** When the stack's next drift check is due. */
    public Optional<Instant> nextRun(String name) {
        return agent.nextRun(stack(name).name());
    }

    /** The author, time and subject of a commit of the stack's source; empty when the mirror lost it. */
    public Optional<CommitInfo> commit(String name, String sha) {
        try {
            return Optional.of(agent.workspace().mirror(stack(name).source()).snapshot(sha).commit());
        } catch (PlumblineException e) {
            return Optional.empty(); // a force push removed it; the SHA alone still says enough
        }
    }

    /** The commit the stack's source follows now, as last fetched (the newest revision); empty before a fetch. */
    public Optional<String> sourceHead(String name) {
        StackConfig stack = stack(name);
        try {
            return agent.workspace().mirror(stack.source()).resolve();
        } catch (PlumblineException e) {
            return Optional.empty();
        }
    }

    /** The commit's page on the Git host, when the source URL lets one be derived. */
    public Optional<String> commitLink(String name, String sha) {
        StackConfig stack = stack(name);
        return agent.workspace().config().source(stack.source())
                .flatMap(source -> dev.plumbline.agent.report.CommitLinks.of(source, sha));
    }

    /** Records a mutating call in the audit log. */
    public void audited(String actor, String action, String target, int status, String result) {
        agent.workspace().store().audit().record(new AuditEntry(0, agent.clock().instant(), actor, action, target,
                status, result));
    }

    /** The newest runs of the stack first. */
    public List<RunRecord> history(String name, int limit) {
        return agent.workspace().store().history(stack(name).name(), limit);
    }

    /** The newest audit entries first. */
    public List<AuditEntry> audit(int limit) {
        return agent.workspace().store().audit().recent(limit);
    }

    private void refuseWhenPaused(StackConfig stack, String what) {
        if (controls().get(stack.name()).paused()) {
            throw Refusal.conflict(Reasons.PAUSED, "stack '" + stack.name() + "' is paused; resume it before you "
                    + what + " it");
        }
    }

    private StackControls controls() {
        return agent.workspace().store().controls();
    }
}
