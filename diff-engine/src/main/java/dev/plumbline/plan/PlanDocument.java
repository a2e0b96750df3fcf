package dev.plumbline.plan;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.Sensitivity;
import dev.plumbline.diff.UnifiedDiff;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as plain maps and lists, for JSON output (the CLI's {@code --output json} and the admin API):
 * the summary counts, and per change its action, key, manifest position, changed fields and unified diff.
 */
public final class PlanDocument {

    private PlanDocument() {
    }

    public static Map<String, Object> of(String stack, String revision, Plan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stack", stack);
        doc.put("revision", revision);
        doc.put("hasChanges", plan.hasChanges());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            summary.put(action.word(), plan.count(action));
        }
        doc.put("summary", summary);
        List<Object> changes = new ArrayList<>();
        for (Change change : plan.changes()) {
            changes.add(change(change));
        }
        doc.put("changes", changes);
        doc.put("problems", plan.problems().stream().map(PlanDocument::problem).toList());
        return doc;
    }

    /**
     * A stack that could not be planned, as the CLI and the API show it: {@code {stack, error: {reason,
     * message, problems: [{source, message}]}}}, problems only for bad input.
     */
    public static Map<String, Object> error(String stack, PlumblineException failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("reason", failure.reason());
        error.put("message", failure.getMessage());
        if (failure instanceof StalledException stalled) {
            error.put("problems", stalled.problems().stream().map(PlanDocument::problem).toList());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stack", stack);
        doc.put("error", error);
        return doc;
    }

    private static Map<String, Object> change(Change change) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("action", change.action().word());
        doc.put("resource", change.key().display());
        doc.put("key", key(change.key()));
        doc.put("source", change.origin().map(Object::toString).orElse(null));
        change.live().flatMap(LiveObject::provenance).ifPresent(p -> doc.put("liveRevision", p.revision()));
        List<Object> fields = new ArrayList<>();
        for (FieldChange field : change.diff()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", field.path().toString());
            entry.put("change", field.kind());
            if (field.inLive()) {
                entry.put("live", Sensitivity.masked(field.live()));
            }
            if (field.inDesired()) {
                entry.put("desired", Sensitivity.masked(field.desired()));
            }
            change.desired().map(r -> r.location(field.path()).toString()).ifPresent(l -> entry.put("source", l));
            fields.add(entry);
        }
        doc.put("fields", fields);
        Object live = change.liveState();
        Object desired = change.desired().map(Resource::state).orElse(Map.of());
        doc.put("diff", String.join("\n", UnifiedDiff.of(live, desired, "live", "desired")));
        return doc;
    }

    private static Map<String, Object> key(ResourceKey key) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("provider", key.provider());
        doc.put("group", key.group());
        doc.put("kind", key.kind());
        doc.put("namespace", key.namespace());
        doc.put("name", key.name());
        return doc;
    }

    private static Map<String, Object> problem(Problem problem) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", problem.location().toString());
        doc.put("message", problem.message());
        return doc;
    }
}
