package dev.plumbline.source.webhook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery saying that refs of a repository moved. GitHub, GitLab and Gitea send one delivery per ref;
 * Bitbucket (Cloud and Server) can list several refs in one delivery, so a push carries a list of
 * {@link RefUpdate}s, never empty, in the order the host listed them. Deliveries that name one ref give a
 * list of one.
 *
 * @param repository     the repository's path on its host as the host names it: {@code org/infra} (GitHub,
 *                       Gitea, Bitbucket Cloud), {@code group/sub/infra} (GitLab), {@code PROJECT/infra}
 *                       (Bitbucket Server: project key and repository slug)
 * @param repositoryUrls every clone and web URL of the repository the delivery names, without duplicates,
 *                       for matching the push to a source; never empty. Bitbucket Cloud names its web URL
 *                       only ({@code https://bitbucket.org/org/infra}), so a match must allow for
 *                       {@code .git} and the scheme
 */
public record Push(GitHost host, String deliveryId, String repository, List<String> repositoryUrls,
                   List<RefUpdate> updates) implements WebhookEvent {

    public Push {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(repository, "repository");
        repositoryUrls = List.copyOf(repositoryUrls);
        updates = List.copyOf(updates);
        if (repositoryUrls.isEmpty()) {
            throw new IllegalArgumentException("a push names at least one URL of its repository");
        }
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("a push moves at least one ref");
        }
    }

    /** The update of {@code ref} (a full ref), if this push moved it. */
    public Optional<RefUpdate> update(String ref) {
        return updates.stream().filter(update -> update.ref().equals(ref)).findFirst();
    }
}
