package dev.plumbline.config;

/**
 * What a stack may do by itself. {@code auto}: apply a new revision without being asked (otherwise only
 * report the plan). {@code prune}: delete what this stack applied before and Git no longer has.
 * {@code selfHeal}: undo changes made to live objects out of band at each drift check (otherwise only
 * report them). The defaults are Argo CD's automated defaults: auto on, prune and selfHeal off.
 */
public record SyncPolicy(boolean auto, boolean prune, boolean selfHeal) {

    public static SyncPolicy defaults() {
        return new SyncPolicy(true, false, false);
    }
}
