package dev.plumbline.source.git;

import dev.plumbline.problem.Reasons;
import dev.plumbline.snapshot.Shas;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Resolves what a person may write as a source's ref to a commit in the mirror, without the network: a
 * branch name, a tag name (an annotated tag is peeled to its commit), a full 40-hex SHA present in the
 * mirror, {@code HEAD} for the remote's default branch, or a full ref name such as
 * {@code refs/heads/main}. A branch wins over a tag of the same name. A ref that resolves to nothing is a
 * {@link StalledException} with reason {@value #REASON} and a sentence naming the ref and the source.
 */
final class RefResolver {

    static final String REASON = Reasons.REVISION_NOT_FOUND;
    private static final int BRANCHES_SHOWN = 10;

    private final Repository repository;
    private final String source;
    private final String url;

    RefResolver(Repository repository, String source, String url) {
        this.repository = repository;
        this.source = source;
        this.url = SourceUrl.redact(url);
    }

    /** The commit {@code refOrSha} names, or empty when it names nothing in the mirror. */
    Optional<RevCommit> find(String refOrSha) {
        try {
            ObjectId id = objectId(refOrSha);
            if (id == null) {
                return Optional.empty();
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return Optional.of(walk.parseCommit(id));
            } catch (MissingObjectException e) {
                return Optional.empty();
            } catch (IncorrectObjectTypeException e) {
                throw new StalledException(REASON, "ref '" + refOrSha + "' of source '" + source + "' (" + url
                        + ") names a " + kind(id) + ", not a commit");
            }
        } catch (IOException e) {
            throw MirrorReadFailure.of(source, "ref '" + refOrSha + "'", e);
        }
    }

    /** The commit {@code refOrSha} names; a {@link StalledException} saying why when it names nothing. */
    RevCommit require(String refOrSha) {
        return find(refOrSha).orElseThrow(() -> notFound(refOrSha));
    }

    private ObjectId objectId(String refOrSha) throws IOException {
        if (Shas.isFull(refOrSha.toLowerCase(Locale.ROOT))) {
            return ObjectId.fromString(refOrSha);
        }
        Ref ref;
        if (refOrSha.equals(Constants.HEAD) || refOrSha.startsWith(Constants.R_REFS)) {
            ref = repository.exactRef(refOrSha);
        } else {
            ref = repository.exactRef(Constants.R_HEADS + refOrSha);
            if (ref == null) {
                ref = repository.exactRef(Constants.R_TAGS + refOrSha);
            }
        }
        return ref == null ? null : ref.getObjectId();
    }

    private StalledException notFound(String refOrSha) {
        String where = "source '" + source + "' (" + url + ")";
        if (refOrSha.equals(Constants.HEAD)) {
            return new StalledException(REASON, where + " has no default branch (HEAD) in its mirror: it was"
                    + " not fetched yet, or the repository has no branches");
        }
        if (Shas.isFull(refOrSha.toLowerCase(Locale.ROOT))) {
            return new StalledException(REASON, "commit '" + refOrSha + "' is not on any branch or tag of "
                    + where);
        }
        String message = "ref '" + refOrSha + "' is not a branch, tag or commit of " + where;
        if (Shas.looksAbbreviated(refOrSha)) {
            message += "; name a commit by its full 40-character SHA";
        } else {
            message += branches();
        }
        return new StalledException(REASON, message);
    }

    private String branches() {
        try {
            List<String> names = repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                    .map(ref -> Repository.shortenRefName(ref.getName()))
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                return "";
            }
            String shown = String.join(", ", names.subList(0, Math.min(names.size(), BRANCHES_SHOWN)));
            int more = names.size() - BRANCHES_SHOWN;
            return " (its branches: " + shown + (more > 0 ? " and " + more + " more" : "") + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private String kind(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return Constants.typeString(walk.peel(walk.parseAny(id)).getType());
        }
    }
}
