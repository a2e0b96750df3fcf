package dev.plumbline.bench.stack;

/**
 * A stack of small {@code File} manifests, one file each: {@code f-000421} writes {@code d004/f-000421.conf}
 * with three short lines. The raw baselines write and read the same paths and bytes.
 */
public final class FileManifests implements StackManifests {

    public static String name(int index) {
        return "f-%06d".formatted(index);
    }

    /** The file's path under the provider's root. */
    public static String livePath(int index) {
        return StackManifests.directory(index) + "/" + name(index) + ".conf";
    }

    /** The file's bytes (as text) in round {@code round}. */
    public static String liveContent(int index, int round) {
        return "# bench file " + index + "\nkey = value-" + index + "\nround = " + round + "\n";
    }

    @Override
    public String path(int index) {
        return StackManifests.directory(index) + "/" + name(index) + ".yaml";
    }

    @Override
    public String manifest(int index, int round) {
        StringBuilder content = new StringBuilder();
        liveContent(index, round).lines().forEach(line -> content.append("    ").append(line).append('\n'));
        return """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: %s
                spec:
                  path: %s
                  mode: "0644"
                  content: |
                %s""".formatted(name(index), livePath(index), content);
    }
}
