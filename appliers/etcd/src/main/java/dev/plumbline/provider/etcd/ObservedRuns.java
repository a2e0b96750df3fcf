package dev.plumbline.provider.etcd;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.TransactionalProvider;
import dev.plumbline.provider.WeakIdentityMap;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which observation an apply checks its revisions against: the one its own plan was made from, never merely
 * the latest of its stack. An observe files what it read under the very objects it exchanged with its
 * caller (the desired resources handed in and the live objects handed back); the plan made from them
 * carries those objects into its changes, so an apply finds its run's observation through its changes. A
 * viewer's plan of the same stack (which observes too) files its own and leaves the run's alone.
 *
 * <p>The objects are held weakly and compared by identity ({@link WeakIdentityMap}): an observation goes when
 * its plan does, and equal objects of two observes never mix. Nothing about it is written to etcd.
 */
final class ObservedRuns {

    /**
     * One observe and the applies of the plan made from it. A transaction that commits moves the observation
     * on to what it wrote (so that a second batch, or a second apply of the same change, compares with what
     * this provider itself left); one that fails leaves it spent, so that the stack is observed again.
     */
    static final class Run {
        private Observation observation;
        private boolean spent;

        private Run(Observation observation) {
            this.observation = observation;
        }

        /**
         * The observation to check against, for {@code stack}.
         *
         * @throws TransientException with reason {@link TransactionalProvider#CONFLICT} when it was observed for
         *     another stack, or an apply of it failed
         */
        synchronized Observation observation(String stack) {
            if (!observation.stack().equals(stack)) {
                throw new TransientException(TransactionalProvider.CONFLICT, "these changes were planned from an"
                        + " observation of stack '" + observation.stack() + "', not of stack '" + stack + "';"
                        + " observing again");
            }
            if (spent) {
                throw new TransientException(TransactionalProvider.CONFLICT, "an apply of the plan these changes"
                        + " come from failed, so what stack '" + stack + "' looked like when it was observed no"
                        + " longer says what is there; observing again");
            }
            return observation;
        }

        /** A transaction built on {@code before} committed and left {@code after}. */
        synchronized void committed(Observation before, Observation after) {
            if (observation == before) {
                observation = after;
            }
        }

        /** A transaction built on {@code before} failed: it may or may not have been written. */
        synchronized void failed(Observation before) {
            if (observation == before) {
                spent = true;
            }
        }
    }

    private final WeakIdentityMap<Object, Run> runs = new WeakIdentityMap<>();

    /** Files {@code observation} under what its observe was given ({@code desired}) and gave back ({@code live}). */
    void file(Observation observation, Collection<Resource> desired, Collection<LiveObject> live) {
        Run run = new Run(Objects.requireNonNull(observation, "observation"));
        desired.forEach(resource -> runs.put(resource, run));
        live.forEach(object -> runs.put(object, run));
    }

    /**
     * The run {@code changes} were planned in, found through their live objects and, for changes with none
     * (creates), their desired resources.
     *
     * @throws TransientException with reason {@link TransactionalProvider#CONFLICT} when no observation of this
     *     provider is behind them (it was made by another provider, or before a restart), or more than one is
     */
    Run of(List<Change> changes, String stack) {
        Set<Run> found = new LinkedHashSet<>();
        for (Change change : changes) {
            change.live().flatMap(runs::get).or(() -> change.desired().flatMap(runs::get)).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            throw new TransientException(TransactionalProvider.CONFLICT, "stack '" + stack + "' has not been"
                    + " observed through this provider since it started, so nothing can be checked; observing"
                    + " again");
        }
        if (found.size() > 1) {
            throw new TransientException(TransactionalProvider.CONFLICT, "the changes of stack '" + stack + "'"
                    + " come from " + found.size() + " different observations, so they cannot be checked as one;"
                    + " observing again");
        }
        return found.iterator().next();
    }

    /** How many objects still lead to an observation (for tests: they go with their plans). */
    int size() {
        return runs.size();
    }

    void clear() {
        runs.clear();
    }
}
