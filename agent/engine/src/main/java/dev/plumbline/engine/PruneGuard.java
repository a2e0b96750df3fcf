package dev.plumbline.engine;

import dev.plumbline.config.SyncPolicy;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The prune guard: a run that would delete more than {@code sync.maxPrunePercent} of what the stack applied,
 * or that renders nothing where the stack has objects (a moved directory, an emptied branch), applies
 * nothing; the stack stalls with reason {@value Reasons#PRUNE_GUARD} and a message listing what would go,
 * until a person lets it through once or a commit brings the objects back. As in octoDNS, whose thresholds
 * these are, the share is judged only for stacks of at least {@value #MIN_INVENTORY} objects: removing one
 * file of two is an everyday commit, not an accident.
 */
final class PruneGuard {

    /** The smallest inventory whose share of deletions is judged (octoDNS's MIN_EXISTING_RECORDS). */
    static final int MIN_INVENTORY = 10;

    /** How many of the doomed objects the message names before it counts the rest. */
    private static final int NAMED = 20;

    private PruneGuard() {
    }

    /** Why the plan may not run as it is; empty when it may. */
    static Optional<StalledException> check(SyncPolicy sync, PreparedPlan prepared) {
        List<Change> deletes = prepared.plan().changes().stream().filter(c -> c.action() == Action.DELETE).toList();
        int inventory = prepared.inventory();
        if (deletes.isEmpty() || inventory == 0) {
            return Optional.empty();
        }
        String why;
        if (prepared.desired().isEmpty()) {
            why = "the revision renders no resources, and the stack has " + inventory + " object(s)";
        } else if (inventory >= MIN_INVENTORY && deletes.size() * 100L > (long) sync.maxPrunePercent() * inventory) {
            why = "it would delete " + deletes.size() + " of the stack's " + inventory + " object(s) ("
                    + percent(deletes.size(), inventory) + "%), more than sync.maxPrunePercent ("
                    + sync.maxPrunePercent() + "%)";
        } else {
            return Optional.empty();
        }
        String doomed = deletes.stream().sorted(java.util.Comparator.comparing(Change::key)).limit(NAMED).map(c -> c.key().display()).collect(Collectors.joining(", "))
                + (deletes.size() > NAMED ? " and " + (deletes.size() - NAMED) + " more" : "");
        return Optional.of(new StalledException(Reasons.PRUNE_GUARD, "nothing applied: " + why + ". It would"
                + " delete: " + doomed + ". If that is meant, let it through once with 'plumbline apply"
                + " --allow-mass-prune' or POST /api/v1/stacks/" + prepared.stack().name()
                + "/sync?allowMassPrune=true"));
    }

    private static long percent(int part, int whole) {
        return Math.round(part * 100.0 / whole);
    }
}
