package dev.plumbline.plan;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.PlanDocument.Change;
import dev.plumbline.plan.PlanDocument.Failure;
import dev.plumbline.plan.PlanDocument.Field;
import dev.plumbline.plan.PlanDocument.Problem;
import dev.plumbline.plan.PlanDocument.Summary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link PlanDocument} as the plain maps and lists that JSON is written from and parsed into, and back.
 * Reading is lenient about what an agent of another version may leave out (a missing field reads as empty
 * or zero) and reads the words agents used before {@code orphaned} and {@code unchanged}.
 */
final class PlanDocumentMaps {

    /** The words of older agents for {@link Action#ORPHAN} and {@link Action#NOOP}. */
    private static final Map<Action, String> FORMER_WORDS = Map.of(Action.ORPHAN, "orphan", Action.NOOP, "noop");

    private PlanDocumentMaps() {
    }

    static Map<String, Object> write(PlanDocument document) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("stack", document.stack());
        if (document.error().isPresent()) {
            Failure failure = document.error().get();
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("reason", failure.reason());
            error.put("message", failure.message());
            error.put("problems", failure.problems().stream().map(PlanDocumentMaps::problem).toList());
            map.put("error", error);
            document.revision().ifPresent(revision -> map.put("revision", revision));
            return map;
        }
        map.put("revision", document.revision().orElse(null));
        map.put("hasChanges", document.hasChanges());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            summary.put(action.word(), document.summary().count(action));
        }
        map.put("summary", summary);
        map.put("changes", document.changes().stream().map(PlanDocumentMaps::change).toList());
        map.put("problems", document.problems().stream().map(PlanDocumentMaps::problem).toList());
        return map;
    }

    static PlanDocument read(Map<String, ?> map) {
        Optional<String> revision = optionalText(map, "revision");
        if (map.get("error") != null) {
            Map<String, ?> error = object(map, "error");
            Failure failure = new Failure(text(error, "reason"), text(error, "message"),
                    list(error, "problems").stream().map(p -> problem(asObject(p))).toList());
            return new PlanDocument(text(map, "stack"), revision, false, Summary.NONE, List.of(), List.of(),
                    Optional.of(failure));
        }
        Map<String, ?> summary = object(map, "summary");
        Summary counts = new Summary(count(summary, Action.CREATE), count(summary, Action.UPDATE),
                count(summary, Action.DELETE), count(summary, Action.ORPHAN), count(summary, Action.NOOP));
        return new PlanDocument(text(map, "stack"), revision, Boolean.TRUE.equals(map.get("hasChanges")), counts,
                list(map, "changes").stream().map(c -> change(asObject(c))).toList(),
                list(map, "problems").stream().map(p -> problem(asObject(p))).toList(), Optional.empty());
    }

    private static Map<String, Object> change(Change change) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("action", change.action().word());
        map.put("resource", change.resource());
        map.put("key", change.key().map(PlanDocumentMaps::key).orElse(Map.of()));
        map.put("source", change.source().orElse(null));
        change.liveRevision().ifPresent(revision -> map.put("liveRevision", revision));
        map.put("fields", change.fields().stream().map(PlanDocumentMaps::field).toList());
        map.put("diff", String.join("\n", change.diff()));
        return map;
    }

    private static Change change(Map<String, ?> map) {
        String diff = text(map, "diff");
        return new Change(action(text(map, "action")), text(map, "resource"), key(object(map, "key")),
                optionalText(map, "source"), optionalText(map, "liveRevision"),
                list(map, "fields").stream().map(f -> field(asObject(f))).toList(),
                diff.isEmpty() ? List.of() : Arrays.asList(diff.split("\n", -1)));
    }

    private static Action action(String word) {
        return Action.ofWord(word).or(() -> FORMER_WORDS.entrySet().stream().filter(e -> e.getValue().equals(word))
                .map(Map.Entry::getKey).findFirst()).orElseThrow(() ->
                new IllegalArgumentException("the plan names an action this version does not know: '" + word
                        + "' (known: create, update, delete, orphaned, unchanged); upgrade plumbline"));
    }

    private static long count(Map<String, ?> summary, Action action) {
        Object count = summary.get(action.word());
        if (count == null && FORMER_WORDS.containsKey(action)) {
            count = summary.get(FORMER_WORDS.get(action));
        }
        return count instanceof Number number ? number.longValue() : 0;
    }

    private static Map<String, Object> field(Field field) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", field.path());
        map.put("change", field.change());
        if (field.inLive()) {
            map.put("live", field.live());
        }
        if (field.inDesired()) {
            map.put("desired", field.desired());
        }
        field.source().ifPresent(source -> map.put("source", source));
        return map;
    }

    /** Sensitive when either side shows the mask: a document shows a secret by nothing else. */
    private static Field field(Map<String, ?> map) {
        Object live = map.get("live");
        Object desired = map.get("desired");
        return new Field(text(map, "path"), text(map, "change"), live, desired, optionalText(map, "source"),
                Sensitive.MASK.equals(live) || Sensitive.MASK.equals(desired));
    }

    private static Map<String, Object> key(ResourceKey key) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("provider", key.provider());
        map.put("group", key.group());
        map.put("kind", key.kind());
        map.put("namespace", key.namespace());
        map.put("name", key.name());
        return map;
    }

    /** Empty unless the key names provider, group, kind and name. */
    private static Optional<ResourceKey> key(Map<String, ?> map) {
        List<String> parts = List.of("provider", "group", "kind", "name");
        if (!parts.stream().allMatch(part -> map.get(part) instanceof String)) {
            return Optional.empty();
        }
        return Optional.of(new ResourceKey(text(map, "provider"), text(map, "group"), text(map, "kind"),
                text(map, "namespace"), text(map, "name")));
    }

    private static Map<String, Object> problem(Problem problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("source", problem.source());
        map.put("message", problem.message());
        return map;
    }

    private static Problem problem(Map<String, ?> map) {
        return new Problem(text(map, "source"), text(map, "message"));
    }

    /** A field as text; null, "" and left out read as "". */
    private static String text(Map<String, ?> map, String field) {
        return optionalText(map, field).orElse("");
    }

    private static Optional<String> optionalText(Map<String, ?> map, String field) {
        return Optional.ofNullable(map.get(field)).map(String::valueOf).filter(text -> !text.isEmpty());
    }

    private static Map<String, ?> object(Map<String, ?> map, String field) {
        return asObject(map.get(field));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asObject(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, ?>) map : Map.of();
    }

    private static List<?> list(Map<String, ?> map, String field) {
        return map.get(field) instanceof List<?> list ? list : List.of();
    }
}
