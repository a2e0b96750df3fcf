package dev.plumbline.yaml;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What reading one field of something a person wrote yields: its value, or the located problems that
 * keep it from having one. Never both and never neither, so there is no null beside a problem list to
 * forget. Reads chain with {@link #map} and {@link #flatMap}; a failed read carries its problems through
 * the chain unchanged, so each problem is reported once, by whichever read is collected last.
 */
public sealed interface Read<T> permits Read.Value, Read.Failed {

    /** A field that was read: its value, never null. */
    record Value<T>(T value) implements Read<T> {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A field that could not be read, with every problem that says why (at least one). */
    record Failed<T>(List<Problem> problems) implements Read<T> {
        public Failed {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a failed read names at least one problem");
            }
        }
    }

    static <T> Read<T> value(T value) {
        return new Value<>(value);
    }

    static <T> Read<T> problem(Location location, String message) {
        return new Failed<>(List.of(Problem.at(location, message)));
    }

    static <T> Read<T> failed(List<Problem> problems) {
        return new Failed<>(problems);
    }

    /** The problems of every read given, in order (none for the reads that have a value). */
    static List<Problem> problemsOf(Read<?>... reads) {
        List<Problem> problems = new ArrayList<>();
        for (Read<?> read : reads) {
            problems.addAll(read.problems());
        }
        return problems;
    }

    default boolean ok() {
        return this instanceof Value<T>;
    }

    /** The problems of a failed read; empty when there is a value. */
    default List<Problem> problems() {
        return this instanceof Failed<T> failed ? failed.problems() : List.of();
    }

    default Optional<T> optional() {
        return this instanceof Value<T> value ? Optional.of(value.value()) : Optional.empty();
    }

    default T orElse(T fallback) {
        return optional().orElse(fallback);
    }

    default <U> Read<U> map(Function<? super T, ? extends U> function) {
        if (this instanceof Value<T> value) {
            return new Value<>(function.apply(value.value()));
        }
        return new Failed<>(problems());
    }

    default <U> Read<U> flatMap(Function<? super T, Read<U>> function) {
        if (this instanceof Value<T> value) {
            return function.apply(value.value());
        }
        return new Failed<>(problems());
    }

    /** For readers that collect into a shared list: adds this read's problems to it, keeps the value. */
    default Optional<T> report(List<Problem> into) {
        into.addAll(problems());
        return optional();
    }
}
