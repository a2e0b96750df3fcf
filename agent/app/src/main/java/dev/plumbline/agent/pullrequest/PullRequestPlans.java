package dev.plumbline.agent.pullrequest;

import dev.plumbline.agent.Workspace;
import dev.plumbline.agent.githost.CommitStatus;
import dev.plumbline.agent.githost.GitHostPoster;
import dev.plumbline.agent.schedule.FetchQueue;
import dev.plumbline.config.GitHostConfig;
import dev.plumbline.config.SourceConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.PreparedPlan;
import dev.plumbline.plan.PlanDocument;
import dev.plumbline.plan.PlanMarkdown;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.snapshot.Snapshot;
import dev.plumbline.source.git.FetchResult;
import dev.plumbline.source.git.GitMirror;
import dev.plumbline.source.webhook.GitHost;
import dev.plumbline.source.webhook.PullRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans of pull requests: a pull request aimed at the branch a source follows, opened, reopened or pushed to,
 * has its head fetched into the source's mirror, every stack of the source rendered at the head and planned
 * against live state (nothing applied, no lease taken, nothing written to a target or the state store), a
 * commit status per stack posted on the head ({@code plumbline/<stack>}), and one comment on the pull request
 * written, then edited on every later push. Pushes to one pull request coalesce as pushes to a branch do;
 * plans run one at a time, off the reconcile's threads. A pull request from a fork is planned only with
 * {@code fromForks: true}, and then without reading any secret; otherwise its comment says why it was not.
 */
public final class PullRequestPlans implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequestPlans.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What the webhook answers: whether a plan was asked for, and if not, why. */
    public record Answer(boolean accepted, String reason) {
    }

    private final Workspace workspace;
    private final Clock clock;
    private final Map<String, GitHostPoster> posters;
    private final FetchQueue<PullRequest> queue;
    private final Engine engine;
    /** Made on first use: only sources that plan forks need it. */
    private volatile Engine forkEngine;
    /** By {@code source#number}: the head last planned, so a redelivery or a second event plans nothing new. */
    private final Map<String, String> planned = new ConcurrentHashMap<>();
    /** By {@code source#number}: the newest delivery that asked for a plan, whose head the next fetch gets. */
    private final Map<String, PullRequest> newest = new ConcurrentHashMap<>();

    /**
     * @param posters by source name: where that source's statuses and comments go (a source without
     *                {@code host} has none, and plans nothing)
     * @param window  pushes to one pull request within this window are planned once
     */
    public PullRequestPlans(Workspace workspace, Clock clock, Map<String, GitHostPoster> posters, Duration window) {
        this.workspace = workspace;
        this.clock = clock;
        this.posters = Map.copyOf(posters);
        this.engine = workspace.planningEngine(clock, true);
        this.queue = new FetchQueue<>(1, window, this::fetch, new Planner());
    }

    /**
     * Decides what a pull-request delivery to {@code source} leads to, and asks for its plan when it wants
     * one; returns at once. {@code followed} says whether the source follows the pull request's target ref.
     */
    public Answer accept(String source, PullRequest pr, boolean followed) {
        SourceConfig config = workspace.config().source(source).orElseThrow();
        if (!config.pullRequests().plan() || !posters.containsKey(source)) {
            return new Answer(false, "pull-request plans are off for source '" + source
                    + "' (sources[].pullRequests.plan and sources[].host)");
        }
        if (!followed) {
            return new Answer(false, "pull request #" + pr.number() + " targets " + pr.targetRef()
                    + ", which source '" + source + "' does not follow");
        }
        String key = source + "#" + pr.number();
        if (pr.action() == PullRequest.Action.CLOSED) {
            planned.remove(key);
            newest.remove(key); // a plan still queued for it is dropped
            workspace.mirror(source).forgetRef(localRef(pr));
            return new Answer(false, "pull request #" + pr.number() + " is closed; closed and merged pull requests"
                    + " are not planned");
        }
        if (!pr.wantsPlan()) {
            return new Answer(false, "pull request #" + pr.number() + ": this event does not move its head");
        }
        if (pr.fromFork() && !config.pullRequests().fromForks()) {
            if (!"fork-skipped".equals(planned.put(key, "fork-skipped"))) {
                posters.get(source).comment(pr.number(), marker(source), forkSkipped(source, pr));
            }
            return new Answer(false, "pull request #" + pr.number() + " comes from a fork; its plan is skipped"
                    + " (sources[].pullRequests.fromForks is false)");
        }
        newest.put(key, pr);
        queue.request(key, pr);
        return new Answer(true, "");
    }

    /** Fetches the head of the newest delivery for the pull request {@code source#number} into the mirror. */
    private FetchResult fetch(String key) {
        String source = sourceOf(key);
        PullRequest pr = newest.get(key);
        if (pr == null) {
            throw new dev.plumbline.problem.StalledException(dev.plumbline.problem.Reasons.REVISION_NOT_FOUND,
                    key + " was closed before its plan ran");
        }
        long start = System.nanoTime();
        String sha = fetchHead(workspace.config().source(source).orElseThrow(), workspace.mirror(source), pr);
        String before = planned.get(key);
        return new FetchResult(sha, before != null && dev.plumbline.snapshot.Shas.isFull(before) ? before : null,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static String sourceOf(String key) {
        return key.substring(0, key.lastIndexOf('#'));
    }

    /** The hidden line that finds the agent's comment again on a pull request. */
    static String marker(String source) {
        return "<!-- plumbline:plan source=" + source + " -->";
    }

    private static String localRef(PullRequest pr) {
        return "pull/" + pr.number();
    }

    private String forkSkipped(String source, PullRequest pr) {
        return PlanMarkdown.render(marker(source), "### Plumbline plan for #" + pr.number(), List.of(),
                "This pull request comes from a fork, and source " + PlanMarkdown.code(source) + " does not plan"
                        + " pull requests from forks (`sources[].pullRequests.fromForks` is false): a plan reads"
                        + " live systems with the agent's credentials. An operator can plan it with"
                        + " `plumbline plan --revision " + pr.headSha() + "`.",
                PlanMarkdown.DEFAULT_MAX_CHARS);
    }

    /** A head that could not be fetched: said in the comment. */
    private void unfetched(String source, PullRequest pr, String why) {
        LOG.warn("source {}: pull request #{}: cannot fetch its head: {}", source, pr.number(), why);
        posters.get(source).comment(pr.number(), marker(source), PlanMarkdown.render(marker(source),
                "### Plumbline plan for #" + pr.number(), List.of(), "The head of this pull request could not be"
                        + " fetched: " + PlanMarkdown.text(why), PlanMarkdown.DEFAULT_MAX_CHARS));
    }

    /** Plans the head {@code sha} of one pull request; every failure ends in its statuses and comment. */
    void plan(String source, PullRequest pr, String sha) {
        GitHostPoster poster = posters.get(source);
        GitMirror mirror = workspace.mirror(source);
        String key = source + "#" + pr.number();
        if (sha.equals(planned.get(key))) {
            return; // this very head was planned already
        }
        List<StackConfig> stacks = workspace.config().stacksOf(source);
        Optional<String> link = Optional.of(pr.url()).filter(url -> !url.isEmpty());
        for (StackConfig stack : stacks) {
            poster.status(sha, new CommitStatus(context(stack), CommitStatus.State.PENDING, "planning against live state",
                    link));
        }
        Snapshot snapshot = mirror.snapshot(sha);
        Engine planning = pr.fromFork() ? forkEngine() : engine;
        List<PlanMarkdown.Section> sections = new ArrayList<>();
        for (StackConfig stack : stacks) {
            PlanDocument document;
            try {
                PreparedPlan prepared = planning.planner().prepare(stack, snapshot);
                document = PlanDocument.of(stack.name(), sha, prepared.plan());
            } catch (PlumblineException e) {
                document = PlanDocument.error(stack.name(), sha, e);
            } catch (RuntimeException e) {
                LOG.error("stack {}: planning pull request #{} failed unexpectedly", stack.name(), pr.number(), e);
                document = PlanDocument.error(stack.name(), sha, new dev.plumbline.problem.TransientException(
                        dev.plumbline.problem.Reasons.INTERNAL_ERROR, "planning failed unexpectedly: " + e, e));
            }
            sections.add(PlanMarkdown.Section.of(document));
            poster.status(sha, status(stack, document, link));
        }
        String heading = "### Plumbline plan for #" + pr.number() + " at " + PlanMarkdown.code(snapshot.commit().shortSha())
                + "\n\n" + PlanMarkdown.text(snapshot.commit().subject());
        String footer = "Planned against live state at " + TIME.format(clock.instant()) + "; nothing was applied."
                + " Merging applies it."
                + (pr.fromFork() ? " From a fork: secret references were not read, so fields that hold one show as"
                + " changed." : "")
                + " Plan it yourself with `plumbline plan --revision " + sha + "`.";
        poster.comment(pr.number(), marker(source), PlanMarkdown.render(marker(source), heading, sections, footer,
                PlanMarkdown.DEFAULT_MAX_CHARS));
        planned.put(key, sha);
        LOG.info("source {}: planned pull request #{} at {} for {} stack(s)", source, pr.number(),
                snapshot.commit().shortSha(), stacks.size());
    }

    /** The status of one stack's plan: success with its counts, or failure with the first problem. */
    static CommitStatus status(StackConfig stack, PlanDocument document, Optional<String> link) {
        if (document.error().isPresent()) {
            PlanDocument.Failure failure = document.error().get();
            String first = failure.problems().isEmpty() ? failure.message() : failure.problems().get(0).toString();
            return new CommitStatus(context(stack), CommitStatus.State.FAILURE, failure.reason() + ": " + first, link);
        }
        if (!document.problems().isEmpty()) {
            return new CommitStatus(context(stack), CommitStatus.State.FAILURE, document.problems().get(0).toString(),
                    link);
        }
        PlanDocument.Summary summary = document.summary();
        return new CommitStatus(context(stack), CommitStatus.State.SUCCESS, summary.create() + " to create, "
                + summary.update() + " to update, " + summary.delete() + " to delete", link);
    }

    /** {@code plumbline/<stack>}: the status context, the same before and after merge. */
    public static String context(StackConfig stack) {
        return "plumbline/" + stack.name();
    }

    /**
     * Fetches the head into {@code refs/plumbline/pull/N}: the host's pull-request ref, or, on Bitbucket Cloud
     * (which has none), the source branch, from the fork when it is one.
     */
    private static String fetchHead(SourceConfig config, GitMirror mirror, PullRequest pr) {
        Optional<String> pullRef = pr.pullRef();
        if (pullRef.isPresent()) {
            return mirror.fetchRef(pullRef.get(), Optional.empty(), localRef(pr));
        }
        Optional<String> url = Optional.empty();
        if (pr.fromFork()) {
            String target = config.host().map(GitHostConfig::repository).orElse("");
            if (pr.headRepository().isEmpty() || target.isEmpty() || !config.url().contains(target)) {
                throw new dev.plumbline.problem.StalledException(dev.plumbline.problem.Reasons.REVISION_NOT_FOUND,
                        "the fork it comes from is gone, or its URL cannot be derived from the source's");
            }
            url = Optional.of(config.url().replace(target, pr.headRepository().get()));
        }
        String sha = mirror.fetchRef(pr.headRef(), url, localRef(pr));
        if (pr.host() == GitHost.BITBUCKET_CLOUD && !sha.startsWith(pr.headSha())) {
            LOG.debug("source {}: pull request #{} moved on from {} to {}", config.name(), pr.number(), pr.headSha(), sha);
        }
        return sha;
    }

    private Engine forkEngine() {
        Engine made = forkEngine;
        if (made == null) {
            synchronized (this) {
                if (forkEngine == null) {
                    forkEngine = workspace.planningEngine(clock, false);
                }
                made = forkEngine;
            }
        }
        return made;
    }

    /** Runs the plan of the newest delivery folded into one window. */
    private final class Planner implements FetchQueue.Listener<PullRequest> {

        @Override
        public void fetched(String key, FetchResult result, List<PullRequest> causes) {
            PullRequest pr = newest.get(key);
            if (pr != null) { // else closed while its head was fetched
                plan(sourceOf(key), pr, result.sha());
            }
        }

        @Override
        public void failed(String key, PlumblineException failure, List<PullRequest> causes) {
            PullRequest pr = newest.get(key);
            if (pr != null) {
                unfetched(sourceOf(key), pr, failure.getMessage());
            }
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
