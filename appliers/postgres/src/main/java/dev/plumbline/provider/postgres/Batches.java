package dev.plumbline.provider.postgres;

import dev.plumbline.plan.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one call's changes are grouped into batches, each written with one transaction of intents and one of
 * objects ({@link BatchWriter}): consecutive writes (creates and updates) of one kind in one database, at
 * most {@code size} of them, go together; every other change goes alone (a delete, a database, whose
 * {@code CREATE DATABASE} cannot share a transaction, a resource that would not validate). The order is
 * kept: a batch holds a run of consecutive changes, so what a change depends on (the roles a role is a
 * member of, the roles and schemas a grant names) is written in the same batch before it, or committed in
 * an earlier one. One kind per batch keeps {@link Sql#merged} sound. Pure.
 */
final class Batches {

    /** How many changes one batch holds at most: round trips are few, and a transaction stays short. */
    static final int SIZE = 250;

    private Batches() {
    }

    /**
     * {@code changes} in batches, in order. {@code key} names what a change may be written together with (its
     * kind and database), or nothing for a change that goes alone.
     */
    static List<List<Change>> of(List<Change> changes, int size, Function<Change, Optional<String>> key) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds at least one change");
        }
        List<List<Change>> batches = new ArrayList<>();
        Optional<String> last = Optional.empty();
        for (Change change : changes) {
            Optional<String> together = key.apply(change);
            List<Change> current = batches.isEmpty() ? null : batches.get(batches.size() - 1);
            if (together.isPresent() && together.equals(last) && current.size() < size) {
                current.add(change);
            } else {
                batches.add(new ArrayList<>(List.of(change)));
            }
            last = together;
        }
        return batches;
    }
}
