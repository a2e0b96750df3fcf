package dev.plumbline.bench.stack;

/**
 * The manifest files of a generated stack: one file per index, at a path under the stack's directory, its
 * text at a round (round 0 is the first commit; a later round changes that one file).
 */
public interface StackManifests {

    /** The file's path under the stack directory, like {@code d004/f-000421.yaml}: 100 files a directory. */
    String path(int index);

    /** The file's text in round {@code round}. */
    String manifest(int index, int round);

    /** The directory of an index's file, 100 to a directory: {@code d004} for 400 to 499. */
    static String directory(int index) {
        return "d%03d".formatted(index / 100);
    }
}
