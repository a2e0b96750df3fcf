package dev.plumbline.bench;

import java.util.Objects;
import java.util.Optional;

/**
 * One measured figure of the bench: its value and the baseline measured beside it in the same run, their
 * ratio, the target and whether it is met. {@code size} is how many resources it was measured at (the
 * names say 10k and 100k; {@code --size} scales them down). A figure that could not be measured (a server
 * missing, a run that failed) has no value, does not pass, and says why in its note.
 *
 * <p>The ratio is value / baseline when there is a baseline, and value / target when there is none (memory,
 * files parsed), so that it always says how far off the reference the value is.
 */
public record Figure(String name, String unit, int size, Optional<Double> value, Optional<Double> baseline,
                     Optional<Double> ratio, double target, Check check, boolean pass, Optional<String> note) {

    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(ratio, "ratio");
        Objects.requireNonNull(note, "note");
    }

    /** What is needed to state a figure, before it is measured. */
    public record Spec(String name, String unit, double target, Check check) {
        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(check, "check");
        }

        /** The figure measured: value beside baseline (null when there is none). */
        public Figure measured(int size, double value, Double baseline, String note) {
            Double ratio = baseline != null ? value / baseline : value / target;
            boolean pass = check.passes(value, ratio, target);
            return new Figure(name, unit, size, Optional.of(value), Optional.ofNullable(baseline),
                    Optional.of(ratio), target, check, pass, Optional.ofNullable(note).filter(n -> !n.isBlank()));
        }

        /** The figure not measured, with why; a baseline that was measured all the same is kept. */
        public Figure unmeasured(int size, Double baseline, String why) {
            return new Figure(name, unit, size, Optional.empty(), Optional.ofNullable(baseline), Optional.empty(),
                    target, check, false, Optional.of(why));
        }
    }
}
