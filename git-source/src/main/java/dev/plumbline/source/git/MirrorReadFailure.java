package dev.plumbline.source.git;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A mirror that could not be opened or read from disk (a full disk, a file removed under it, a pack
 * another process is rewriting): a {@link TransientException} with reason {@value #REASON} and a sentence
 * naming the source, keeping the I/O error as its cause.
 */
final class MirrorReadFailure {

    static final String REASON = Reasons.MIRROR_READ_FAILED;

    private MirrorReadFailure() {
    }

    static TransientException of(String source, String what, IOException error) {
        return new TransientException(REASON, "cannot read " + what + " from the mirror of source '" + source
                + "': " + words(error), error);
    }

    static TransientException opening(String source, Path directory, IOException error) {
        return new TransientException(REASON, "cannot open the mirror of source '" + source + "' at "
                + directory + ": " + words(error), error);
    }

    private static String words(IOException error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
