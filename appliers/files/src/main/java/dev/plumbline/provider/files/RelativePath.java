package dev.plumbline.provider.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file's place under the provider's root, as a list of plain names: never absolute, never {@code ..},
 * never empty. {@link #parse} reads what a person wrote in {@code spec.path}: it drops {@code .} segments
 * and repeated slashes ({@code ./nginx//site.conf} is {@code nginx/site.conf}) and refuses anything that
 * would leave the root, name a directory, or reach into what the provider keeps for itself, and anything no
 * file system can hold (see {@link PathLimits}).
 */
record RelativePath(List<String> segments) implements Comparable<RelativePath> {

    /** The directory under the root where the provider keeps its ledgers (see {@link RecordLayout}). */
    static final String RESERVED = ".plumbline";

    /** How much of a long path a message shows. */
    private static final int SHOWN_CHARS = 80;

    private static final Pattern TEMP = Pattern.compile("\\..+" + Pattern.quote(AtomicFile.TEMP_MARKER) + "[0-9a-f]+");

    RelativePath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a path under the root names at least one file");
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("/")
                    || segment.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("'" + segment + "' is not a plain file name");
            }
        }
    }

    /** Reads and normalises a user's {@code spec.path}; the message of the exception is a sentence for them. */
    static RelativePath parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("the path is empty; name a file under the provider's root,"
                    + " like nginx/site.conf");
        }
        if (text.startsWith("/")) {
            throw new IllegalArgumentException("the path '" + text + "' is absolute; write it relative to the"
                    + " provider's root, like " + text.replaceFirst("^/+", ""));
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the path '" + shown(text) + "' holds a NUL character (shown as"
                    + " \\0), which no file name can hold; remove it");
        }
        java.util.Optional<String> control = dev.plumbline.problem.ControlCharacters.first(text);
        if (control.isPresent()) {
            throw new IllegalArgumentException("the path '" + dev.plumbline.problem.ControlCharacters.shown(text)
                    + "' holds the control character " + control.get() + "; a file name is printable text");
        }
        if (text.endsWith("/")) {
            throw new IllegalArgumentException("the path '" + text + "' ends with '/' and so names a directory;"
                    + " name a file");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : text.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("the path '" + text + "' contains '..'; a file must stay under"
                        + " the provider's root");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("the path '" + text + "' names the root itself; name a file under it");
        }
        for (String segment : segments) {
            int bytes = PathLimits.bytes(segment);
            if (bytes > PathLimits.NAME_MAX) {
                throw new IllegalArgumentException("the path '" + shown(text) + "' has a name of " + bytes + " bytes"
                        + " in UTF-8 ('" + shown(segment) + "'), more than the " + PathLimits.NAME_MAX + " bytes a"
                        + " file or directory name may have (NAME_MAX); shorten it");
            }
        }
        int bytes = PathLimits.bytes(String.join("/", segments));
        if (bytes > PathLimits.PATH_MAX) {
            throw new IllegalArgumentException("the path '" + shown(text) + "' is " + bytes + " bytes long in UTF-8,"
                    + " more than the " + PathLimits.PATH_MAX + " bytes a whole path may have (PATH_MAX); shorten it");
        }
        if (segments.contains(RESERVED)) {
            throw new IllegalArgumentException("the path '" + text + "' has a " + RESERVED + " directory in it, which"
                    + " Plumbline keeps for its ledgers (at any depth, so that no manifest can write another"
                    + " provider's records); choose another directory");
        }
        for (String segment : segments) {
            if (isTempName(segment)) {
                throw new IllegalArgumentException("the path '" + text + "' looks like one of Plumbline's temporary"
                        + " files (.<name>" + AtomicFile.TEMP_MARKER + "<hex>), which it removes; choose another name");
            }
        }
        return new RelativePath(segments);
    }

    /**
     * A path this provider wrote or checked before ({@link #toString} of one that {@link #parse} accepted), read
     * back without checking it again for what only a person's input can get wrong.
     */
    static RelativePath of(String normal) {
        return new RelativePath(List.of(normal.split("/")));
    }

    /** {@code text} as a message shows it: a NUL as {@code \0}, and only the start of a long path. */
    static String shown(String text) {
        String visible = text.replace("\0", "\\0");
        return visible.codePointCount(0, visible.length()) <= SHOWN_CHARS ? visible
                : visible.substring(0, visible.offsetByCodePoints(0, SHOWN_CHARS)) + "...";
    }

    /** Whether a file name is one of the provider's temporary files ({@code .<name>.plumbline-tmp-<hex>}). */
    static boolean isTempName(String name) {
        return name.startsWith(".") && name.contains(AtomicFile.TEMP_MARKER) && TEMP.matcher(name).matches();
    }

    /** This path with {@code name} added below it. */
    RelativePath child(String name) {
        List<String> longer = new ArrayList<>(segments);
        longer.add(name);
        return new RelativePath(longer);
    }

    String fileName() {
        return segments.get(segments.size() - 1);
    }

    /** The directories above the file, outermost first (empty for a file directly under the root). */
    List<String> directories() {
        return segments.subList(0, segments.size() - 1);
    }

    /** The directories on the way to the file, as paths, outermost first: {@code a}, {@code a/b} for {@code a/b/c}. */
    List<RelativePath> ancestors() {
        List<RelativePath> ancestors = new ArrayList<>(segments.size() - 1);
        for (int depth = 1; depth < segments.size(); depth++) {
            ancestors.add(new RelativePath(segments.subList(0, depth)));
        }
        return ancestors;
    }

    @Override
    public int compareTo(RelativePath other) {
        return toString().compareTo(other.toString());
    }

    /**
     * Orders paths name by name, a path before the paths below it: those that run through a path come right
     * after it, together.
     */
    static int byNames(RelativePath one, RelativePath other) {
        List<String> mine = one.segments;
        List<String> theirs = other.segments;
        int shorter = Math.min(mine.size(), theirs.size());
        for (int index = 0; index < shorter; index++) {
            int names = mine.get(index).compareTo(theirs.get(index));
            if (names != 0) {
                return names;
            }
        }
        return Integer.compare(mine.size(), theirs.size());
    }

    /** Whether this path is {@code directory} or runs through it. */
    boolean startsWith(RelativePath directory) {
        List<String> names = directory.segments;
        return names.size() <= segments.size() && segments.subList(0, names.size()).equals(names);
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
