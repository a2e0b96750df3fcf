package dev.plumbline.agent;

import dev.plumbline.config.SourceConfig;
import java.util.Optional;

/**
 * Whether a pushed ref is the one a source follows: its branch ({@code main} or {@code refs/heads/main}),
 * its tag, or, for {@code HEAD}, the remote's default branch (any branch while that is not known yet). A
 * source that follows a fixed commit follows no ref.
 */
final class SourceRefs {

    private SourceRefs() {
    }

    static boolean follows(SourceConfig source, Optional<String> defaultBranch, String pushedRef) {
        String ref = source.ref();
        if (ref.matches("[0-9a-fA-F]{40}")) {
            return false;
        }
        if (ref.equals("HEAD")) {
            return defaultBranch.map(pushedRef::equals).orElse(pushedRef.startsWith("refs/heads/"));
        }
        if (ref.startsWith("refs/")) {
            return pushedRef.equals(ref);
        }
        return pushedRef.equals("refs/heads/" + ref) || pushedRef.equals("refs/tags/" + ref);
    }

    /** Why a push is not followed, for the webhook's answer. */
    static String whyNot(SourceConfig source, String pushedRef) {
        if (source.ref().matches("[0-9a-fA-F]{40}")) {
            return "source '" + source.name() + "' follows the fixed commit " + source.ref();
        }
        return pushedRef + " is not the ref source '" + source.name() + "' follows (" + source.ref() + ")";
    }
}
