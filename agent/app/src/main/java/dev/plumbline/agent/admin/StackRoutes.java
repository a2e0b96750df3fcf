package dev.plumbline.agent.admin;

import dev.plumbline.agent.Agent;
import dev.plumbline.engine.PreparedPlan;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.StackControl;
import dev.plumbline.engine.state.StackControls;
import dev.plumbline.config.StackConfig;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.source.git.GitMirror;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of {@code /api/v1}: stacks, plan, history, sync, pause, resume, rollback, audit. Each
 * mutating handler returns the word the audit log records as its result.
 */
final class StackRoutes {

    private static final int MAX_LIMIT = 500;

    private final Agent agent;
    private final StackViews views;
    private final Json json;

    StackRoutes(Agent agent, Json json) {
        this.agent = agent;
        this.views = new StackViews(agent);
        this.json = json;
    }

    void list(Context ctx) {
        json.write(ctx, 200, Map.of("stacks", agent.workspace().config().stacks().stream().map(views::stack).toList()));
    }

    void get(Context ctx) {
        json.write(ctx, 200, views.stack(stack(ctx)));
    }

    void plan(Context ctx) {
        StackConfig stack = stack(ctx);
        StackControl control = controls().get(stack.name());
        GitMirror mirror = agent.workspace().mirror(stack.source());
        String revision = control.pinnedRevision().or(mirror::resolve).orElseThrow(() -> ApiError.conflict(
                "NotFetched", "source '" + stack.source() + "' has not been fetched yet; try again in a moment"));
        try {
            PreparedPlan prepared = agent.engine().planner().prepare(stack, mirror.snapshot(revision));
            json.write(ctx, 200, PlanDocument.of(stack.name(), revision, prepared.plan()).toMap());
        } catch (PlumblineException e) {
            json.write(ctx, 200, PlanDocument.error(stack.name(), revision, e).toMap());
        }
    }

    void history(Context ctx) {
        StackConfig stack = stack(ctx);
        json.write(ctx, 200, Map.of("stack", stack.name(), "runs", agent.workspace().store()
                .history(stack.name(), limit(ctx)).stream().map(StackViews::run).toList()));
    }

    void audit(Context ctx) {
        List<Map<String, Object>> entries = agent.workspace().store().audit().recent(limit(ctx)).stream()
                .map(StackRoutes::entry).toList();
        json.write(ctx, 200, Map.of("entries", entries));
    }

    String sync(Context ctx) {
        StackConfig stack = stack(ctx);
        refuseWhenPaused(stack, "sync");
        boolean hard = "true".equalsIgnoreCase(ctx.queryParam("hard"));
        String requestId = agent.sync(stack.name(), hard);
        json.write(ctx, 202, Map.of("stack", stack.name(), "requestId", requestId, "hard", hard));
        return "requested " + requestId + (hard ? " (hard)" : "");
    }

    String pause(Context ctx) {
        StackConfig stack = stack(ctx);
        controls().setPaused(stack.name(), true);
        agent.telemetry().metrics().paused(stack.name(), true);
        json.write(ctx, 200, control(stack.name(), null));
        return "paused";
    }

    String resume(Context ctx) {
        StackConfig stack = stack(ctx);
        controls().setPaused(stack.name(), false);
        agent.telemetry().metrics().paused(stack.name(), false);
        controls().setPinned(stack.name(), null);
        String requestId = agent.requestAfter(stack.name(), Trigger.RESUME, Optional.empty());
        json.write(ctx, 200, control(stack.name(), requestId));
        return "resumed, unpinned";
    }

    String rollback(Context ctx) {
        StackConfig stack = stack(ctx);
        refuseWhenPaused(stack, "roll back");
        String revision = json.read(ctx).path("revision").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        if (!revision.matches("[0-9a-f]{40}")) {
            throw ApiError.badRequest("InvalidRevision", "the body must be {\"revision\": \"<full 40-character"
                    + " commit SHA>\"}");
        }
        if (!agent.workspace().mirror(stack.source()).hasCommit(revision)) {
            throw ApiError.badRequest("RevisionNotFound", "commit " + revision + " is not in source '"
                    + stack.source() + "'");
        }
        controls().setPinned(stack.name(), revision);
        String requestId = agent.requestAfter(stack.name(), Trigger.ROLLBACK, Optional.of(revision));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", stack.name());
        body.put("pinnedRevision", revision);
        body.put("requestId", requestId);
        json.write(ctx, 202, body);
        return "pinned to " + revision;
    }

    private void refuseWhenPaused(StackConfig stack, String what) {
        if (controls().get(stack.name()).paused()) {
            throw ApiError.conflict("Paused", "stack '" + stack.name() + "' is paused; resume it before you "
                    + what + " it");
        }
    }

    private Map<String, Object> control(String stack, String requestId) {
        StackControl control = controls().get(stack);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", stack);
        body.put("paused", control.paused());
        body.put("pinnedRevision", control.pinnedRevision().orElse(null));
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        return body;
    }

    private StackConfig stack(Context ctx) {
        String name = ctx.pathParam("name");
        return agent.workspace().config().stack(name)
                .orElseThrow(() -> ApiError.notFound("no stack named '" + name + "'"));
    }

    private StackControls controls() {
        return agent.workspace().store().controls();
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("InvalidLimit", "limit must be a number from 1 to " + MAX_LIMIT);
    }

    private static Map<String, Object> entry(AuditEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        view.put("at", entry.at().toString());
        view.put("actor", entry.actor());
        view.put("action", entry.action());
        view.put("target", entry.target());
        view.put("status", entry.status());
        view.put("result", entry.result());
        return view;
    }
}
