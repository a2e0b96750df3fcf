package dev.plumbline.source.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A delivery saying a pull request (GitLab: merge request) was opened, reopened, got new commits, or was
 * closed/merged; other changes to it (a title edit, a label, a review...) arrive as {@link Action#OTHER}.
 * GitHub and Gitea send {@code pull_request}, GitLab a {@code Merge Request Hook} (or a {@code System Hook}
 * of kind {@code merge_request}), Bitbucket Cloud {@code pullrequest:*} and Bitbucket Server {@code pr:*}.
 *
 * @param repository      the target (base) repository, the one the pull request asks to merge into, named as
 *                        {@link Push#repository()} names it for the same host
 * @param repositoryUrls  the target repository's URLs, as {@link Push#repositoryUrls()} lists them for the
 *                        same host, so that a pull request matches the sources a push would; never empty
 * @param number          the pull request's number as people see it: GitHub's and Gitea's {@code number},
 *                        GitLab's {@code iid} (not its {@code id}), Bitbucket's {@code id}; above zero
 * @param action          what happened to it
 * @param targetRef       the full ref of the branch it merges into: {@code refs/heads/main}
 * @param headSha         the head commit, lower-case hex: 40 or 64 digits, except from Bitbucket Cloud,
 *                        which sends it abbreviated (usually 12 digits; 7 to 64 are taken)
 * @param headRef         the full ref of its source branch in the head repository: {@code refs/heads/feature}
 *                        (Gitea writes {@code refs/pull/N/head} when the branch is gone, kept as sent)
 * @param headRepository  the head repository's name, in the same shape as {@code repository}, when it is a
 *                        repository other than the target (a fork); empty for a branch of the target itself,
 *                        and for a fork the host no longer names (deleted)
 * @param fromFork        whether the head is in another repository than the target, or in one that is gone;
 *                        {@code true} whenever {@code headRepository} is present
 * @param title           the pull request's title
 * @param url             its web page, {@code ""} if the host sent none
 * @param author          the login (username) of whoever opened it, {@code ""} if the host sent none
 */
public record PullRequest(GitHost host, String deliveryId, String repository, List<String> repositoryUrls,
                          long number, Action action, String targetRef, String headSha, String headRef,
                          Optional<String> headRepository, boolean fromFork, String title, String url,
                          String author) implements WebhookEvent {

    /** What happened to a pull request, in the terms all hosts share. */
    public enum Action {
        /** It was opened (created). */
        OPENED,
        /** It was closed, and now opened again. */
        REOPENED,
        /** Its head moved: new commits were pushed to its source branch (or it was force-pushed). */
        SYNCHRONIZED,
        /** It was closed, merged or not (Bitbucket: fulfilled, merged, rejected, declined or deleted). */
        CLOSED,
        /** Anything else: an edit of its title or description, labels, reviewers, approvals, comments. */
        OTHER
    }

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ABBREVIATED_SHA = Pattern.compile("[0-9a-f]{7,64}");

    public PullRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(repository, "repository");
        repositoryUrls = List.copyOf(repositoryUrls);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetRef, "targetRef");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(headRef, "headRef");
        Objects.requireNonNull(headRepository, "headRepository");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(author, "author");
        if (repositoryUrls.isEmpty()) {
            throw new IllegalArgumentException("a pull request names at least one URL of its target repository");
        }
        if (number <= 0) {
            throw new IllegalArgumentException("a pull request's number is above zero, not " + number);
        }
        requireFullRef(targetRef, "targetRef");
        requireFullRef(headRef, "headRef");
        headSha = headSha.toLowerCase(Locale.ROOT);
        boolean abbreviated = host == GitHost.BITBUCKET_CLOUD;
        if (!(abbreviated ? ABBREVIATED_SHA : FULL_SHA).matcher(headSha).matches()) {
            throw new IllegalArgumentException("headSha must be " + (abbreviated ? "7 to 64" : "40 or 64")
                    + " hex digits, not '" + headSha + "'");
        }
        if (headRepository.isPresent() && !fromFork) {
            throw new IllegalArgumentException("a pull request names a head repository only when it is a fork");
        }
    }

    /**
     * The ref to fetch the head from in the TARGET repository: {@code refs/pull/N/head} (GitHub, Gitea),
     * {@code refs/merge-requests/N/head} (GitLab), {@code refs/pull-requests/N/from} (Bitbucket Server);
     * for Bitbucket Cloud, which publishes no pull-request refs, empty. These refs exist for forks too,
     * which is what makes them the way to fetch a fork's head without fetching from the fork.
     */
    public Optional<String> pullRef() {
        return switch (host) {
            case GITHUB, GITEA -> Optional.of("refs/pull/" + number + "/head");
            case GITLAB -> Optional.of("refs/merge-requests/" + number + "/head");
            case BITBUCKET_SERVER -> Optional.of("refs/pull-requests/" + number + "/from");
            case BITBUCKET_CLOUD -> Optional.empty();
        };
    }

    /**
     * Whether the action asks for a plan: {@link Action#OPENED}, {@link Action#REOPENED},
     * {@link Action#SYNCHRONIZED}.
     */
    public boolean wantsPlan() {
        return action == Action.OPENED || action == Action.REOPENED || action == Action.SYNCHRONIZED;
    }

    private static void requireFullRef(String ref, String what) {
        if (!ref.startsWith("refs/") || ref.length() == "refs/".length()) {
            throw new IllegalArgumentException(what + " is a full ref such as refs/heads/main, not '" + ref + "'");
        }
    }
}
