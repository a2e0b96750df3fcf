package dev.plumbline.source.webhook;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One ref moved by a push: its full name and the commit it pointed at before and after. Hosts write "no
 * commit" as forty (or sixty-four) zeros; here it is {@code null}: {@code before == null} means the ref was
 * created, {@code after == null} that it was deleted. SHAs are lower-case hex, 40 digits (SHA-1) or 64
 * (SHA-256 repositories).
 *
 * @param ref    always a full ref, {@code refs/heads/<branch>} or {@code refs/tags/<tag>} (other
 *               {@code refs/} namespaces are kept as sent)
 * @param before the commit the ref pointed at before the push, {@code null} if the ref is new
 * @param after  the commit it points at now, {@code null} if the push deleted it
 */
public record RefUpdate(String ref, String before, String after) {

    public static final String BRANCH_PREFIX = "refs/heads/";
    public static final String TAG_PREFIX = "refs/tags/";

    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");
    private static final Pattern ZEROS = Pattern.compile("0+");

    public RefUpdate {
        Objects.requireNonNull(ref, "ref");
        if (!ref.startsWith("refs/") || ref.length() == "refs/".length()) {
            throw new IllegalArgumentException("a pushed ref is a full ref such as refs/heads/main, not '" + ref + "'");
        }
        before = canonical(before, "before");
        after = canonical(after, "after");
        if (before == null && after == null) {
            throw new IllegalArgumentException("a pushed ref has a commit before or after the push, or both");
        }
    }

    /** A push that created {@code ref} at {@code after}. */
    public static RefUpdate created(String ref, String after) {
        return new RefUpdate(ref, null, Objects.requireNonNull(after, "after"));
    }

    /** A push that moved {@code ref} from {@code before} to {@code after}. */
    public static RefUpdate moved(String ref, String before, String after) {
        return new RefUpdate(ref, Objects.requireNonNull(before, "before"), Objects.requireNonNull(after, "after"));
    }

    /** A push that deleted {@code ref}, which pointed at {@code before}. */
    public static RefUpdate deleted(String ref, String before) {
        return new RefUpdate(ref, Objects.requireNonNull(before, "before"), null);
    }

    /** Whether the push created the ref. */
    public boolean isCreated() {
        return before == null;
    }

    /** Whether the push deleted the ref; {@link #after()} is then {@code null}. */
    public boolean isDeleted() {
        return after == null;
    }

    public boolean isBranch() {
        return ref.startsWith(BRANCH_PREFIX);
    }

    public boolean isTag() {
        return ref.startsWith(TAG_PREFIX);
    }

    /** {@code main} for {@code refs/heads/main}, {@code v1.2} for {@code refs/tags/v1.2}, else the full ref. */
    public String shortName() {
        if (isBranch()) {
            return ref.substring(BRANCH_PREFIX.length());
        }
        return isTag() ? ref.substring(TAG_PREFIX.length()) : ref;
    }

    /** Whether {@code text} is a SHA as hosts write it: 40 or 64 hex digits, in either case. */
    static boolean isSha(String text) {
        return text != null && SHA.matcher(text).matches();
    }

    /** Whether {@code sha} is the all-zero SHA hosts use for "no commit". */
    static boolean isZero(String sha) {
        return ZEROS.matcher(sha).matches();
    }

    private static String canonical(String sha, String what) {
        if (sha == null) {
            return null;
        }
        if (!isSha(sha)) {
            throw new IllegalArgumentException(what + " must be 40 or 64 hex digits, not '" + sha + "'");
        }
        if (isZero(sha)) {
            throw new IllegalArgumentException(what + " is the all-zero SHA; write null for 'no commit'");
        }
        return sha.toLowerCase(Locale.ROOT);
    }
}
