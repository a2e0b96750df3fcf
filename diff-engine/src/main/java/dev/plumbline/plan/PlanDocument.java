package dev.plumbline.plan;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.Sensitivity;
import dev.plumbline.diff.UnifiedDiff;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Sensitive;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.StalledException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A plan as it is shown, secrets masked: what {@link PlanText} prints, what {@code plumbline plan -o json}
 * and {@code GET /api/v1/stacks/{name}/plan} answer ({@link #toMap()}), and what the client reads back
 * from that answer ({@link #fromMap}). Either the plan of a stack at a revision (counts, changes, problems
 * that forbid applying) or, for a stack that could not be planned, its {@link #error()}.
 */
public record PlanDocument(String stack, Optional<String> revision, boolean hasChanges, Summary summary,
                           List<Change> changes, List<Problem> problems, Optional<Failure> error) {

    /** From how many changes a document renders their diffs in parallel ({@link #changes}). */
    private static final int PARALLEL_FROM = 64;

    public PlanDocument {
        Objects.requireNonNull(stack, "stack");
        revision = revision == null ? Optional.empty() : revision;
        summary = summary == null ? Summary.NONE : summary;
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
        error = error == null ? Optional.empty() : error;
    }

    /** The counts of a plan per action, as {@code summary} in JSON (keyed by {@link Action#word()}). */
    public record Summary(long create, long update, long delete, long orphaned, long unchanged) {

        public static final Summary NONE = new Summary(0, 0, 0, 0, 0);

        public static Summary of(Plan plan) {
            return new Summary(plan.count(Action.CREATE), plan.count(Action.UPDATE), plan.count(Action.DELETE),
                    plan.count(Action.ORPHAN), plan.count(Action.NOOP));
        }

        public long count(Action action) {
            return switch (action) {
                case CREATE -> create;
                case UPDATE -> update;
                case DELETE -> delete;
                case ORPHAN -> orphaned;
                case NOOP -> unchanged;
            };
        }

        /** {@code 1 to create, 1 to update, 0 to delete, 0 orphaned, 3 unchanged}. */
        public String text() {
            return create + " to create, " + update + " to update, " + delete + " to delete, " + orphaned
                    + " orphaned, " + unchanged + " unchanged";
        }
    }

    /**
     * One change: its action, the resource as a person names it ({@code File site-conf}) and its key (absent
     * when the document does not carry it), the manifest position, the revision the live object was written
     * from (absent for an object nobody owns, or nothing live), the fields that differ and the unified diff
     * of live against desired YAML, one line per element.
     */
    public record Change(Action action, String resource, Optional<ResourceKey> key, Optional<String> source,
                         Optional<String> liveRevision, List<Field> fields, List<String> diff) {

        public Change {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(resource, "resource");
            key = key == null ? Optional.empty() : key;
            source = source == null ? Optional.empty() : source;
            liveRevision = liveRevision == null ? Optional.empty() : liveRevision;
            fields = List.copyOf(fields);
            diff = List.copyOf(diff);
        }
    }

    /**
     * A field that differs: its path, {@code change} ({@code added}, {@code removed} or {@code changed}), its
     * live and desired values as shown (secrets as {@value Sensitive#MASK}; {@code live} is null for an added
     * field, {@code desired} for a removed one), its manifest position, and whether either side is a secret.
     */
    public record Field(String path, String change, Object live, Object desired, Optional<String> source,
                        boolean sensitive) {

        public Field {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(change, "change");
            source = source == null ? Optional.empty() : source;
        }

        public boolean inLive() {
            return !change.equals("added");
        }

        public boolean inDesired() {
            return !change.equals("removed");
        }
    }

    /** A problem at a place a person wrote: {@code file:line:col} (empty when none) and a sentence. */
    public record Problem(String source, String message) {

        public Problem {
            source = source == null ? "" : source;
            Objects.requireNonNull(message, "message");
        }

        public static Problem of(dev.plumbline.problem.Problem problem) {
            return new Problem(problem.location().toString(), problem.message());
        }

        /** {@code file:line:col: message}, as {@link dev.plumbline.problem.Problem} prints. */
        @Override
        public String toString() {
            return source.isEmpty() ? message : source + ": " + message;
        }
    }

    /** Why a stack could not be planned: the failure's stable reason, its sentence, and bad input's problems. */
    public record Failure(String reason, String message, List<Problem> problems) {

        public Failure {
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
            problems = List.copyOf(problems);
        }

        public static Failure of(PlumblineException failure) {
            List<Problem> problems = failure instanceof StalledException stalled
                    ? stalled.problems().stream().map(Problem::of).toList() : List.of();
            return new Failure(failure.reason(), failure.getMessage(), problems);
        }
    }

    /** The plan of {@code stack} at {@code revision}. */
    public static PlanDocument of(String stack, String revision, Plan plan) {
        return new PlanDocument(stack, Optional.of(revision), plan.hasChanges(), Summary.of(plan),
                changes(plan.changes().stream()),
                plan.problems().stream().map(Problem::of).toList(), Optional.empty());
    }

    /**
     * As {@link #of}, without a change for each unchanged object: what {@link PlanText} shows of a plan (it
     * counts them in the summary and shows none), at no cost per unchanged object.
     */
    static PlanDocument shown(String stack, String revision, Plan plan) {
        return new PlanDocument(stack, Optional.of(revision), plan.hasChanges(), Summary.of(plan),
                changes(plan.changes().stream().filter(change -> change.action() != Action.NOOP)),
                plan.problems().stream().map(Problem::of).toList(), Optional.empty());
    }

    /** A stack that could not be planned. */
    public static PlanDocument error(String stack, PlumblineException failure) {
        return new PlanDocument(stack, Optional.empty(), false, Summary.NONE, List.of(), List.of(),
                Optional.of(Failure.of(failure)));
    }

    /** A stack that could not be planned at {@code revision}. */
    public static PlanDocument error(String stack, String revision, PlumblineException failure) {
        return new PlanDocument(stack, Optional.of(revision), false, Summary.NONE, List.of(), List.of(),
                Optional.of(Failure.of(failure)));
    }

    /** Whether the stack could not be planned, or its plan has problems that forbid applying it. */
    public boolean failed() {
        return error.isPresent() || !problems.isEmpty();
    }

    /**
     * As plain maps and lists, for JSON: {@code {stack, revision, hasChanges, summary, changes, problems}},
     * or {@code {stack, error: {reason, message, problems}, revision}} (revision when known).
     */
    public Map<String, Object> toMap() {
        return PlanDocumentMaps.write(this);
    }

    /** Reads what {@link #toMap()} writes (parsed from JSON); fields left out read as empty or zero. */
    public static PlanDocument fromMap(Map<String, ?> map) {
        return PlanDocumentMaps.read(map);
    }

    /**
     * The document's changes, in order. Rendering each one's diff (its live and desired state as YAML, then
     * the diff) is most of the cost of showing a plan of many writes, so a long plan renders on every core:
     * 10,000 new files took 0.5 s on one.
     */
    private static List<Change> changes(Stream<dev.plumbline.plan.Change> changes) {
        List<dev.plumbline.plan.Change> all = changes.toList();
        Stream<dev.plumbline.plan.Change> each = all.size() >= PARALLEL_FROM ? all.parallelStream() : all.stream();
        return each.map(PlanDocument::change).toList();
    }

    private static Change change(dev.plumbline.plan.Change change) {
        List<Field> fields = change.diff().stream().map(field -> field(change, field)).toList();
        // an unchanged object has no field that differs, so nothing to show: its diff is not even rendered
        List<String> diff = change.action() == Action.NOOP ? List.of()
                : UnifiedDiff.of(change.liveState(), change.desired().map(Resource::state).orElse(Map.of()), "live",
                        "desired");
        return new Change(change.action(), change.key().display(), Optional.of(change.key()),
                change.origin().map(Object::toString),
                change.live().flatMap(LiveObject::provenance).map(p -> p.revision()), fields, diff);
    }

    private static Field field(dev.plumbline.plan.Change change, FieldChange field) {
        return new Field(field.path().toString(), field.kind(),
                field.inLive() ? Sensitivity.masked(field.live()) : null,
                field.inDesired() ? Sensitivity.masked(field.desired()) : null,
                change.desired().map(r -> r.location(field.path()).toString()),
                field.live() instanceof Sensitive || field.desired() instanceof Sensitive);
    }
}
