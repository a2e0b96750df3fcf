package dev.plumbline.plan;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a change does to one live object. Its {@link #word()} is what plans, the JSON plan document, the
 * history and the docs call it: {@code create}, {@code update}, {@code delete}, {@code orphaned},
 * {@code unchanged}.
 */
public enum Action {
    /** Desired, not live: write it. */
    CREATE("create"),
    /** Desired and live, different: write it. */
    UPDATE("update"),
    /** Applied by this stack before, no longer desired, prune on: remove it. */
    DELETE("delete"),
    /** Applied by this stack before, no longer desired, prune off (or disabled for it): left in place and reported. */
    ORPHAN("orphaned"),
    /** Desired and live, equal. */
    NOOP("unchanged");

    private final String word;

    Action(String word) {
        this.word = word;
    }

    /** The one word for this action across the CLI, the API, the history and the docs. */
    public String word() {
        return word;
    }

    /** The action a {@link #word()} names; empty for any other word. */
    public static Optional<Action> ofWord(String word) {
        return Arrays.stream(values()).filter(a -> a.word.equals(word)).findFirst();
    }

    /** Whether applying the plan writes or removes something for this change. */
    public boolean mutates() {
        return this == CREATE || this == UPDATE || this == DELETE;
    }
}
