package dev.plumbline.source.git;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the remote's default branch after each fetch as the mirror's own {@code HEAD}: a symbolic
 * ref to that branch, as {@code git clone --mirror} keeps it, so that the ref {@code HEAD} resolves
 * without the network. When the remote does not say which branch its HEAD names (old servers, dumb HTTP),
 * the advertised HEAD commit is matched against the branches, preferring {@code main}, then
 * {@code master}, then the first by name.
 */
final class RemoteHead {

    private static final List<String> PREFERRED = List.of(Constants.R_HEADS + "main", Constants.R_HEADS + "master");
    private static final Logger log = LoggerFactory.getLogger(RemoteHead.class);

    private RemoteHead() {
    }

    /**
     * Links the mirror's HEAD to the branch the remote's HEAD names; returns that branch (also when another
     * fetch of the same mirror directory held HEAD's lock, so that linking failed this time), empty when the
     * remote does not tell.
     */
    static Optional<String> record(String source, Repository repository, FetchResult fetched) throws IOException {
        Ref advertised = fetched.getAdvertisedRef(Constants.HEAD);
        if (advertised == null) {
            log.debug("source '{}' advertises no HEAD (an empty repository?)", source);
            return Optional.empty();
        }
        String branch = advertised.isSymbolic()
                ? advertised.getTarget().getName()
                : matchingBranch(fetched, advertised.getObjectId());
        if (branch == null || !branch.startsWith(Constants.R_HEADS) || repository.exactRef(branch) == null) {
            log.debug("source '{}': cannot tell which branch its HEAD ({}) is", source, advertised);
            return Optional.empty();
        }
        Ref current = repository.exactRef(Constants.HEAD);
        if (current != null && current.isSymbolic() && current.getTarget().getName().equals(branch)) {
            return Optional.of(branch);
        }
        RefUpdate.Result result = repository.updateRef(Constants.HEAD).link(branch);
        switch (result) {
            case NEW, FORCED, NO_CHANGE -> log.debug("source '{}': default branch is {}", source, branch);
            default -> log.debug("source '{}': could not record default branch {} ({}); the next fetch will",
                    source, branch, result);
        }
        return Optional.of(branch);
    }

    private static String matchingBranch(FetchResult fetched, AnyObjectId head) {
        if (head == null) {
            return null;
        }
        return fetched.getAdvertisedRefs().stream()
                .filter(ref -> ref.getName().startsWith(Constants.R_HEADS))
                .filter(ref -> head.equals(ref.getObjectId()))
                .map(Ref::getName)
                .min(Comparator.comparingInt(RemoteHead::preference).thenComparing(Comparator.naturalOrder()))
                .orElse(null);
    }

    private static int preference(String branch) {
        int index = PREFERRED.indexOf(branch);
        return index < 0 ? PREFERRED.size() : index;
    }
}
