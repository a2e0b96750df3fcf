package dev.plumbline.agent.page;

import java.util.List;

/**
 * What the status page's templates ({@code src/main/jte}) show: plain values, worked out by the page's
 * handlers from the same operations the API and the CLI use. Text is escaped by the templates, by where it
 * lands (element, attribute, URL); nothing here is markup.
 */
public final class PageModel {

    /** The conditions a stack can be in, as the overview's filter offers them. */
    public static final List<String> CONDITIONS = List.of("ready", "progressing", "outofsync", "drifted", "waiting",
            "stalled", "paused", "unknown");

    private PageModel() {
    }

    /** Who is signed in: the token's name, whether it may act, and the CSRF token every form carries. */
    public record User(String name, String role, boolean operator, String csrf) {
    }

    /**
     * A revision as a person reads it: short SHA, its page on the Git host (null when none), author, subject
     * and how long ago it was applied or attempted.
     */
    public record Revision(String sha, String shortSha, String link, String author, String subject, String age) {
    }

    /** One stack on the overview. {@code waiting}: the newest revision of its source when not yet applied. */
    public record StackRow(String name, String condition, String reason, String message, Revision applied,
                           int drifted, Revision waiting, String lastRun, String nextCheck, boolean paused,
                           String pinned) {
    }

    /** A field of a change: its path, how it differs, where the manifest sets it, whether it is a secret. */
    public record Field(String path, String change, String source, boolean sensitive) {
    }

    /** A resource that differs from Git: the action, the resource, its manifest position, fields, diff lines. */
    public record Change(String action, String resource, String source, String liveRevision, List<Field> fields,
                         List<String> diff) {
    }

    /** A resource of the stack with where it comes from and the revision its live object was written from. */
    public record Resource(String resource, String source, String liveRevision, String state) {
    }

    /** One run of the history. */
    public record Run(long id, String started, String trigger, String detail, String revision, String result,
                      String reason, String message, String duration, String counts) {
    }

    /** One audit entry about the stack. */
    public record Audit(String at, String actor, String action, int status, String result) {
    }

    /** A revision an operator may roll back to, as the history knows it. */
    public record Target(String sha, String label) {
    }

    /**
     * The stack page: its row, its plan (or why it cannot be planned), the changes that are drift (objects
     * changed behind the agent's back since they were applied) and the others, its resources (at most
     * {@code resourcesShown} of {@code resourcesTotal}), its history, its audit entries, and what an operator
     * may do: roll back to one of {@code targets}; allow a mass prune when the prune guard holds a run.
     */
    public record StackPage(StackRow row, String planRevision, String planError, List<String> planProblems,
                            String summary, List<Change> pending, List<Change> drift, List<Resource> resources,
                            int resourcesTotal, List<Run> runs, List<Audit> audit, List<Target> targets,
                            boolean pruneGuardHeld) {
    }
}
