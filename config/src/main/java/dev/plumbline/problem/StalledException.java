package dev.plumbline.problem;

import java.util.List;

/**
 * A failure that retrying cannot fix: the input (config, manifests, a request) is wrong. The loop records
 * it and waits for the input to change. Carries every problem found, each with its location.
 */
public class StalledException extends PlumblineException {

    private final List<Problem> problems;

    public StalledException(String reason, List<Problem> problems) {
        super(reason, summary(problems), null);
        this.problems = List.copyOf(problems);
    }

    public StalledException(String reason, String message) {
        super(reason, message, null);
        this.problems = List.of();
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a stalled failure names at least one problem");
        }
        StringBuilder text = new StringBuilder();
        for (Problem problem : problems) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(problem);
        }
        return text.toString();
    }
}
