package dev.plumbline.bench.stack;

/**
 * A stack of etcd {@code Key} manifests, one file each: {@code k-000421} writes {@code d004/k-000421}
 * (under the provider's prefix) with a short value. The raw jetcd loop writes the same keys and values under
 * a prefix of its own.
 */
public final class KeyManifests implements StackManifests {

    public static String name(int index) {
        return "k-%06d".formatted(index);
    }

    /** The key relative to a prefix. */
    public static String key(int index) {
        return StackManifests.directory(index) + "/" + name(index);
    }

    public static String value(int index, int round) {
        return "value-" + index + "-round-" + round;
    }

    @Override
    public String path(int index) {
        return StackManifests.directory(index) + "/" + name(index) + ".yaml";
    }

    @Override
    public String manifest(int index, int round) {
        return """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata:
                  name: %s
                spec:
                  key: %s
                  value: "%s"
                """.formatted(name(index), key(index), value(index, round));
    }
}
