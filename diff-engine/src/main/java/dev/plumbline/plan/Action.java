package dev.plumbline.plan;

/** What a change does to one live object. */
public enum Action {
    /** Desired, not live: write it. */
    CREATE,
    /** Desired and live, different: write it. */
    UPDATE,
    /** Applied by this stack before, no longer desired, prune on: remove it. */
    DELETE,
    /** Applied by this stack before, no longer desired, prune off: left in place and reported. */
    ORPHAN,
    /** Desired and live, equal. */
    NOOP;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether applying the plan writes or removes something for this change. */
    public boolean mutates() {
        return this == CREATE || this == UPDATE || this == DELETE;
    }
}
