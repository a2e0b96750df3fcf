package dev.plumbline.engine;

/**
 * The condition a stack is in, one word each, the same in the status, the CLI, the API, history, metrics,
 * logs and docs ({@code docs/concepts.md}). Every condition comes with a stable reason ({@link
 * dev.plumbline.problem.Reasons}) and a sentence for a person.
 */
public enum Condition {
    /** Live state matches Git at the revision the stack should be at. */
    READY("Ready"),
    /** A run is going or waiting to go. */
    PROGRESSING("Progressing"),
    /** Changes wait for a person's sync: automatic sync is off ({@code ManualSync}). */
    OUT_OF_SYNC("OutOfSync"),
    /** Live state was changed out of band and selfHeal is off: reported, not corrected. */
    DRIFTED("Drifted"),
    /** A failure that may pass (a target down, a lock held): retried after a backoff. */
    WAITING("Waiting"),
    /** Bad input (a manifest, a conflict): not retried until a new commit or a person's sync. */
    STALLED("Stalled"),
    /** An operator paused the stack: nothing is applied until it is resumed. */
    PAUSED("Paused");

    private final String word;

    Condition(String word) {
        this.word = word;
    }

    /** The word people and programs see. */
    public String word() {
        return word;
    }

    /** The condition a stored word names; {@link #WAITING} for words of older versions ({@code Failed}). */
    public static Condition of(String word) {
        for (Condition condition : values()) {
            if (condition.word.equals(word)) {
                return condition;
            }
        }
        return WAITING;
    }

    @Override
    public String toString() {
        return word;
    }
}
