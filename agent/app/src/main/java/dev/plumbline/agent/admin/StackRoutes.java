package dev.plumbline.agent.admin;

import dev.plumbline.problem.Reasons;
import dev.plumbline.agent.operate.Operations;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.StackControl;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handlers of {@code /api/v1}: stacks, plan, history, sync, pause, resume, rollback, audit (and the
 * sample of refused requests, which {@link DeniedRequests} keeps in memory), each a thin
 * shell over {@link Operations} (which a status page calls too). Each mutating handler returns the words
 * the audit log records as its result; a {@link dev.plumbline.agent.operate.Refusal} becomes 404, 409 or 400.
 */
final class StackRoutes {

    private static final int MAX_LIMIT = 500;

    private final Operations operations;
    private final StackViews views;
    private final Json json;
    private final DeniedRequests denied;

    StackRoutes(Operations operations, Json json, DeniedRequests denied) {
        this.operations = operations;
        this.views = new StackViews(operations);
        this.json = json;
        this.denied = denied;
    }

    void list(Context ctx) {
        json.write(ctx, 200, Map.of("stacks", operations.stacks().stream().map(views::stack).toList()));
    }

    void get(Context ctx) {
        json.write(ctx, 200, views.stack(operations.stack(name(ctx))));
    }

    void plan(Context ctx) {
        json.write(ctx, 200, operations.plan(name(ctx)).toMap());
    }

    void history(Context ctx) {
        String stack = operations.stack(name(ctx)).name();
        json.write(ctx, 200, Map.of("stack", stack, "runs", operations.history(stack, limit(ctx)).stream()
                .map(StackViews::run).toList()));
    }

    void audit(Context ctx) {
        List<Map<String, Object>> entries = operations.audit(limit(ctx)).stream().map(StackRoutes::entry).toList();
        json.write(ctx, 200, Map.of("entries", entries));
    }

    /** The requests refused for their credentials lately: a sample kept in memory, not the audit log. */
    void denied(Context ctx) {
        int limit = Math.min(limit(ctx), DeniedRequests.KEPT);
        List<Map<String, Object>> entries = denied.recent(limit).stream().map(StackRoutes::denied).toList();
        json.write(ctx, 200, Map.of("denied", entries));
    }

    String sync(Context ctx) {
        boolean hard = "true".equalsIgnoreCase(ctx.queryParam("hard"));
        boolean allowMassPrune = "true".equalsIgnoreCase(ctx.queryParam("allowMassPrune"));
        Operations.Requested requested = operations.sync(name(ctx), hard, allowMassPrune);
        json.write(ctx, 202, Map.of("stack", requested.stack(), "requestId", requested.requestId(), "hard", hard,
                "allowMassPrune", allowMassPrune));
        return "requested " + requested.requestId() + (hard ? " (hard)" : "")
                + (allowMassPrune ? " (mass prune allowed once)" : "");
    }

    String pause(Context ctx) {
        StackControl control = operations.pause(name(ctx));
        json.write(ctx, 200, control(control, null));
        return "paused";
    }

    String resume(Context ctx) {
        Operations.Requested requested = operations.resume(name(ctx));
        json.write(ctx, 200, control(requested.control(), requested.requestId()));
        return "resumed, unpinned";
    }

    String rollback(Context ctx) {
        String name = name(ctx);
        operations.stack(name);
        Operations.Requested requested = operations.rollback(name, json.read(ctx).path("revision").asText(""));
        String revision = requested.control().pinnedRevision().orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", requested.stack());
        body.put("pinnedRevision", revision);
        body.put("requestId", requested.requestId());
        json.write(ctx, 202, body);
        return "pinned to " + revision;
    }

    private static Map<String, Object> control(StackControl control, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stack", control.stack());
        body.put("paused", control.paused());
        body.put("pinnedRevision", control.pinnedRevision().orElse(null));
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        return body;
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
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
        throw ApiError.badRequest(Reasons.INVALID_LIMIT, "limit must be a number from 1 to " + MAX_LIMIT);
    }

    private static Map<String, Object> denied(DeniedRequests.Denied denied) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", denied.at().toString());
        view.put("address", denied.address());
        view.put("method", denied.method());
        view.put("path", denied.path());
        view.put("reason", denied.reason());
        view.put("status", denied.status());
        return view;
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
