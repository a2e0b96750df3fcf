package dev.plumbline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The figures measured so far, by name; a part reads an earlier part's figure from here (100k over 10k). */
public final class Results {

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    public synchronized void put(Figure figure) {
        figures.put(figure.name(), figure);
        Progress.say("%s: %s", figure.name(), figure.value().map(Numbers::format).orElse("not measured")
                + figure.baseline().map(b -> " (baseline " + Numbers.format(b) + ")").orElse("")
                + (figure.pass() ? ", passes" : ", does not pass") + figure.note().map(n -> "; " + n).orElse(""));
    }

    public synchronized Optional<Figure> get(Figure.Spec spec) {
        return Optional.ofNullable(figures.get(spec.name()));
    }

    public synchronized boolean has(Figure.Spec spec) {
        return figures.containsKey(spec.name());
    }

    /** Every figure of {@link Targets#ALL} in its order; those not measured as {@code missing} says. */
    public synchronized List<Figure> all(java.util.function.Function<Figure.Spec, Figure> missing) {
        List<Figure> all = new ArrayList<>();
        for (Figure.Spec spec : Targets.ALL) {
            all.add(figures.containsKey(spec.name()) ? figures.get(spec.name()) : missing.apply(spec));
        }
        return all;
    }
}
