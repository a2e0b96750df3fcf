package dev.plumbline.agent.admin;

import dev.plumbline.agent.operate.Operations;
import dev.plumbline.engine.Condition;
import dev.plumbline.engine.state.RunRecord;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.config.StackConfig;
import dev.plumbline.problem.Reasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the stack endpoints (see docs/api.md), as ordered maps: a stack's status with its
 * conditions (Ready, Reconciling, Stalled), revisions with their commit's author and subject, and runs.
 */
final class StackViews {

    private final Operations operations;

    StackViews(Operations operations) {
        this.operations = operations;
    }

    Map<String, Object> stack(StackConfig stack) {
        Optional<StackStatus> status = operations.status(stack.name());
        StackControl control = operations.control(stack.name());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", stack.name());
        view.put("source", stack.source());
        view.put("path", stack.path());
        view.put("provider", stack.provider());
        view.put("sync", Map.of("auto", stack.sync().auto(), "prune", stack.sync().prune(),
                "selfHeal", stack.sync().selfHeal()));
        view.put("paused", control.paused());
        view.put("pinnedRevision", control.pinnedRevision().orElse(null));
        view.put("conditions", conditions(stack, status, control));
        view.put("lastAttempted", status.flatMap(s -> revision(stack, s.lastAttemptedRevision(),
                s.lastAttemptedAt())).orElse(null));
        view.put("lastApplied", status.flatMap(s -> revision(stack, s.lastAppliedRevision(), s.lastAppliedAt()))
                .orElse(null));
        view.put("drifted", status.map(StackStatus::drifted).orElse(0));
        view.put("nextRun", operations.nextRun(stack.name()).map(Instant::toString).orElse(null));
        view.put("lastRequest", control.lastRequest().orElse(null));
        view.put("lastHandledRequest", control.lastHandledRequest().orElse(null));
        return view;
    }

    private List<Object> conditions(StackConfig stack, Optional<StackStatus> status, StackControl control) {
        List<Object> conditions = new ArrayList<>();
        if (control.paused()) {
            conditions.add(condition("Ready", "False", Reasons.PAUSED, "paused by an operator; nothing is applied"
                    + " until it is resumed"));
        } else if (status.isEmpty()) {
            conditions.add(condition("Ready", "Unknown", Reasons.NOT_RECONCILED, "not reconciled yet"));
        } else {
            StackStatus s = status.get();
            conditions.add(condition("Ready", Condition.of(s.condition()) == Condition.READY ? "True" : "False",
                    s.reason(), s.message()));
        }
        boolean busy = operations.busy(stack.name());
        conditions.add(condition("Reconciling", busy ? "True" : "False", busy ? Condition.PROGRESSING.word() : "Idle",
                busy ? "a reconcile is running or waiting" : ""));
        boolean stalled = status.map(s -> Condition.of(s.condition()) == Condition.STALLED).orElse(false);
        conditions.add(condition("Stalled", stalled ? "True" : "False", stalled ? status.get().reason() : "",
                stalled ? status.get().message() : ""));
        status.flatMap(StackViews::healthy).ifPresent(conditions::add);
        return conditions;
    }

    /**
     * The {@code Healthy} condition of a stack whose last run waited for health ({@code sync.healthTimeout});
     * none for one that did not.
     */
    static Optional<Map<String, Object>> healthy(StackStatus status) {
        if (status.health().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(condition("Healthy", status.health().equals("Healthy") ? "True" : "False",
                status.health(), status.healthMessage()));
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        return condition;
    }

    private Optional<Map<String, Object>> revision(StackConfig stack, String sha, Instant at) {
        if (sha == null) {
            return Optional.empty();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("revision", sha);
        view.put("at", at == null ? null : at.toString());
        operations.commit(stack.name(), sha).ifPresent(commit -> {
            view.put("author", commit.authorName() + " <" + commit.authorEmail() + ">");
            view.put("message", commit.subject());
            view.put("committedAt", commit.commitTime().toString());
        });
        return Optional.of(view);
    }

    static Map<String, Object> run(RunRecord run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("revision", run.revision());
        view.put("trigger", run.trigger());
        view.put("triggerDetail", run.triggerDetail());
        view.put("startedAt", run.startedAt().toString());
        view.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        view.put("durationMs", run.finishedAt() == null ? null : run.duration().toMillis());
        view.put("result", run.result());
        view.put("reason", run.reason());
        view.put("message", run.message());
        view.put("created", run.created());
        view.put("updated", run.updated());
        view.put("deleted", run.deleted());
        view.put("unchanged", run.unchanged());
        return view;
    }
}
