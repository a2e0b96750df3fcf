package dev.plumbline.source.git;

import dev.plumbline.snapshot.Shas;
import java.time.Duration;
import java.util.Objects;

/**
 * What a fetch found: the SHA the source's ref resolves to now, the SHA it resolved to before the fetch
 * ({@code null} on the first fetch, or when the ref did not resolve before), and how long the fetch took.
 */
public record FetchResult(String sha, String previousSha, Duration took) {

    public FetchResult {
        Shas.requireFull(sha, "sha");
        if (previousSha != null) {
            Shas.requireFull(previousSha, "previousSha");
        }
        Objects.requireNonNull(took, "took");
    }

    /** Whether the ref moved (a first fetch counts as a change). */
    public boolean changed() {
        return !sha.equals(previousSha);
    }
}
