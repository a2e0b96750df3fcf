package dev.plumbline.provider.files;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The typed failures of the files provider, each with its stable reason and a sentence naming the path:
 * {@code ObserveFailed} and {@code ApplyFailed} (I/O; retried with backoff), {@code InvalidManifest}
 * (a resource that would not pass validation reached apply or observe).
 */
final class FileFailures {

    private FileFailures() {
    }

    static TransientException observeFailed(IOException e, Path fallback) {
        return new TransientException(Reasons.OBSERVE_FAILED, "cannot read " + where(e, fallback) + ": " + why(e), e);
    }

    static TransientException applyFailed(String doing, IOException e, Path fallback) {
        return new TransientException(Reasons.APPLY_FAILED, "cannot " + doing + " " + where(e, fallback) + ": " + why(e), e);
    }

    /** A resource whose spec cannot be read, reported at its manifest position. */
    static StalledException invalid(Resource resource, IllegalArgumentException e) {
        return new StalledException(Reasons.INVALID_MANIFEST, List.of(Problem.at(resource.location(), e.getMessage())));
    }

    private static Path where(IOException e, Path fallback) {
        if (e instanceof FileSystemException failure && failure.getFile() != null) {
            return Path.of(failure.getFile());
        }
        return fallback;
    }

    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
