package dev.plumbline.config;

import java.time.Duration;
import java.util.Optional;

/**
 * What a stack may do by itself. {@code auto}: apply a new revision without being asked (otherwise only
 * report the plan). {@code prune}: delete what this stack applied before and Git no longer has.
 * {@code selfHeal}: undo changes made to live objects out of band at each drift check (otherwise only
 * report them). The defaults are Argo CD's automated defaults: auto on, prune and selfHeal off.
 * {@code maxPrunePercent}: a run that would delete more than this share of the stack's inventory (or all of
 * it) applies nothing until a person lets it through once (the prune guard); default 30.
 * {@code healthTimeout}: after a run converges, wait up to this long for every object to be healthy (see
 * the providers' health), and say which is not; empty: do not wait.
 */
public record SyncPolicy(boolean auto, boolean prune, boolean selfHeal, int maxPrunePercent,
                         Optional<Duration> healthTimeout) {

    public static final int DEFAULT_MAX_PRUNE_PERCENT = 30;

    public SyncPolicy {
        if (maxPrunePercent < 0 || maxPrunePercent > 100) {
            throw new IllegalArgumentException("maxPrunePercent must be from 0 to 100");
        }
        healthTimeout = healthTimeout == null ? Optional.empty() : healthTimeout;
    }

    /** A policy that does not wait for health. */
    public SyncPolicy(boolean auto, boolean prune, boolean selfHeal, int maxPrunePercent) {
        this(auto, prune, selfHeal, maxPrunePercent, Optional.empty());
    }

    public SyncPolicy(boolean auto, boolean prune, boolean selfHeal) {
        this(auto, prune, selfHeal, DEFAULT_MAX_PRUNE_PERCENT);
    }

    public static SyncPolicy defaults() {
        return new SyncPolicy(true, false, false);
    }
}
