package dev.plumbline.provider.files;

import dev.plumbline.problem.Reasons;
import dev.plumbline.model.ContentHash;
import dev.plumbline.problem.StalledException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where ownership records live under the root. A stack's ledger is the directory
 * {@code .plumbline/stacks/<stack>/}, and the record of one managed file sits at a path that mirrors the
 * file's: {@code nginx/site.conf} of stack {@code web} is recorded in
 * {@code .plumbline/stacks/web/nginx/site.conf.yaml}. Finding the record of a path is therefore a lookup of
 * one name, never a search.
 *
 * <p>Two rare cases are mapped so that two managed paths never share a record: a directory whose name ends
 * in {@code .yaml} (followed by any number of {@code _}) gets one more {@code _} in the record tree, so it
 * cannot collide with the record of a file of the same name without {@code .yaml}; and a file name too long
 * to take the {@code .yaml} suffix (over 255 bytes with it) is shortened and given a hash of the full name.
 * The record itself always holds the exact {@code path}.
 */
final class RecordLayout {

    /** The directory that holds every stack's ledger. */
    static final RelativePath STACKS = new RelativePath(List.of(RelativePath.RESERVED, "stacks"));

    static final String SUFFIX = ".yaml";

    private static final int MAX_NAME_BYTES = 255;
    private static final int HASH_CHARS = 16;
    private static final Pattern STACK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern LIKE_A_RECORD = Pattern.compile(".*" + Pattern.quote(SUFFIX) + "_*");

    private RecordLayout() {
    }

    /** Whether {@code name} can name a stack's ledger (letters, digits, {@code .}, {@code _}, {@code -}). */
    static boolean isStack(String name) {
        return STACK.matcher(name).matches();
    }

    /** The ledger directory of {@code stack}, relative to the root. */
    static RelativePath directory(String stack) {
        if (!isStack(stack)) {
            throw new StalledException(Reasons.UNSAFE_PATH, "the stack name '" + stack + "' cannot name a ledger directory;"
                    + " use letters, digits, '.', '_' and '-'");
        }
        return STACKS.child(stack);
    }

    /** The record of the managed file {@code path} in the ledger of {@code stack}, relative to the root. */
    static RelativePath record(String stack, RelativePath path) {
        List<String> segments = new ArrayList<>(directory(stack).segments());
        for (String directory : path.directories()) {
            segments.add(LIKE_A_RECORD.matcher(directory).matches() ? directory + "_" : directory);
        }
        segments.add(recordName(path.fileName()));
        return new RelativePath(segments);
    }

    /**
     * Where the record of {@code path} is inside a stack's ledger directory, as text: {@code nginx/site.conf.yaml}
     * for {@code nginx/site.conf}. The same as {@link #record} without the ledger directory, found without building
     * a path in the usual case (no directory name like a record's, a short file name).
     */
    static String place(RelativePath path) {
        String text = path.toString();
        String fileName = path.fileName();
        if (!text.contains(SUFFIX) && fileName.length() * 3 + SUFFIX.length() <= MAX_NAME_BYTES) {
            return text + SUFFIX;
        }
        StringBuilder place = new StringBuilder();
        for (String directory : path.directories()) {
            place.append(LIKE_A_RECORD.matcher(directory).matches() ? directory + "_" : directory).append('/');
        }
        return place.append(recordName(fileName)).toString();
    }

    private static String recordName(String fileName) {
        String name = fileName + SUFFIX;
        if (bytes(name) <= MAX_NAME_BYTES) {
            return name;
        }
        String hash = "~" + ContentHash.sha256(fileName.getBytes(StandardCharsets.UTF_8)).substring(0, HASH_CHARS);
        int budget = MAX_NAME_BYTES - bytes(hash + SUFFIX);
        StringBuilder prefix = new StringBuilder();
        int used = 0;
        for (int index = 0; index < fileName.length(); ) {
            int codePoint = fileName.codePointAt(index);
            String next = new String(Character.toChars(codePoint));
            used += bytes(next);
            if (used > budget) {
                break;
            }
            prefix.append(next);
            index += next.length();
        }
        return prefix + hash + SUFFIX;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
