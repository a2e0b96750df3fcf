package dev.plumbline.provider.spec;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One field of a manifest as read: a value, absent (the manifest leaves it out), or a problem at the field's
 * position with a sentence a person can act on; never a null beside a problem list. Every state knows how
 * messages name the field ({@code spec.path of File site}) and where it was written, so that checks chained
 * on it ({@link #as}, {@link #check}, {@link #parse}, {@link #require}) report at the right line. Made by
 * {@link SpecReader}; its {@link SpecReader#get} keeps the value and notes the problem.
 */
public sealed interface Field<T> permits Field.Present, Field.Absent, Field.Invalid {

    /** How messages name the field, like {@code spec.path of File site}. */
    String name();

    /** Where the field (or, when it is absent, its nearest written parent) is in the manifest. */
    Location location();

    /** A value that was written. */
    record Present<T>(String name, Location location, T value) implements Field<T> {
        public Present {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A field the manifest leaves out (or sets to null). */
    record Absent<T>(String name, Location location) implements Field<T> {
        public Absent {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(location, "location");
        }
    }

    /** A field whose value is wrong, with the problem ({@code fault}) that says so. */
    record Invalid<T>(String name, Problem fault) implements Field<T> {
        public Invalid {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(fault, "fault");
        }

        @Override
        public Location location() {
            return fault.location();
        }
    }

    /** The field named {@code name} at {@code location} holding {@code value}: absent when that is null. */
    static <T> Field<T> of(String name, Location location, T value) {
        return value == null ? new Absent<>(name, location) : new Present<>(name, location, value);
    }

    /** The value, when there is one. */
    default Optional<T> optional() {
        return this instanceof Present<T> present ? Optional.of(present.value()) : Optional.empty();
    }

    /** The value, or {@code fallback} when the field is absent or wrong. */
    default T orElse(T fallback) {
        return optional().orElse(fallback);
    }

    /** The problem, when the field is wrong. */
    default Optional<Problem> problem() {
        return this instanceof Invalid<T> invalid ? Optional.of(invalid.fault()) : Optional.empty();
    }

    default boolean isPresent() {
        return this instanceof Present<T>;
    }

    default boolean isAbsent() {
        return this instanceof Absent<T>;
    }

    /** The field refused with {@code message} at its position, whatever it held. */
    default <U> Field<U> refuse(String message) {
        return new Invalid<>(name(), Problem.at(location(), message));
    }

    /** A present value turned into another; absent and wrong fields stay as they are. */
    default <U> Field<U> map(Function<? super T, ? extends U> mapping) {
        if (this instanceof Present<T> present) {
            return new Present<>(name(), location(), mapping.apply(present.value()));
        }
        if (this instanceof Invalid<T> invalid) {
            return new Invalid<>(name(), invalid.fault());
        }
        return new Absent<>(name(), location());
    }

    /**
     * A present value that {@code accepts} refused becomes a problem: {@code <name> must be <expected>, not
     * <the value>}, followed by {@code ; <hint>} when a hint is given (how to write it instead).
     */
    default Field<T> expect(Predicate<? super T> accepts, String expected, String hint) {
        if (this instanceof Present<T> present && !accepts.test(present.value())) {
            return refuse(name() + " must be " + expected + ", not " + SpecReader.describe(present.value())
                    + (hint.isEmpty() ? "" : "; " + hint));
        }
        return this;
    }

    /** A present value not of {@code type} becomes a problem: {@code <name> must be <expected>, not ...}. */
    default <U> Field<U> as(Class<U> type, String expected) {
        return expect(type::isInstance, expected, "").map(type::cast);
    }

    /** A present value {@code accepts} refuses becomes a problem with the message {@code refusal} gives for it. */
    default Field<T> filter(Predicate<? super T> accepts, Function<? super T, String> refusal) {
        if (this instanceof Present<T> present && !accepts.test(present.value())) {
            return refuse(refusal.apply(present.value()));
        }
        return this;
    }

    /** A present value {@code why} finds fault with becomes a problem: {@code <name>: <why>}. */
    default Field<T> check(Function<? super T, Optional<String>> why) {
        if (this instanceof Present<T> present) {
            Optional<String> fault = why.apply(present.value());
            if (fault.isPresent()) {
                return refuse(name() + ": " + fault.get());
            }
        }
        return this;
    }

    /**
     * A present value turned into another by {@code parser}, which refuses it by throwing an
     * {@link IllegalArgumentException} whose message says why; that becomes a problem: {@code <name>: <why>}.
     */
    default <U> Field<U> parse(Function<? super T, ? extends U> parser) {
        if (this instanceof Present<T> present) {
            try {
                return new Present<>(name(), location(), parser.apply(present.value()));
            } catch (IllegalArgumentException e) {
                return refuse(name() + ": " + e.getMessage());
            }
        }
        return map(parser);
    }

    /** An absent field becomes a problem with {@code message} (what is needed, and what it is for). */
    default Field<T> require(String message) {
        return isAbsent() ? refuse(message) : this;
    }
}
