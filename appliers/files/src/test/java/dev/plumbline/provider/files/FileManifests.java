package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.Manifests;
import java.util.List;
import java.util.Optional;

/** Small {@code File} resources for the files provider's own tests, and changes that skip the planner. */
final class FileManifests {

    static final String PROVIDER = "local";

    private FileManifests() {
    }

    static Resource file(String name, String path, String content) {
        return Manifests.one(PROVIDER, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: %s }
                spec: { path: "%s", content: "%s" }
                """.formatted(name, path, content.replace("\n", "\\n")));
    }

    static Resource file(String name, String path, String content, String mode) {
        return Manifests.one(PROVIDER, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: %s }
                spec: { path: "%s", content: "%s", mode: "%s" }
                """.formatted(name, path, content.replace("\n", "\\n"), mode));
    }

    /**
     * {@code count} Files named {@code file-<i>} at {@code conf/d<i / perDirectory>/file-<i>.conf}, with
     * content {@code "<content> <i>\n"}: a large stack in one parse.
     */
    static List<Resource> many(int count, int perDirectory, String content) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            yaml.append("""
                    ---
                    apiVersion: files.plumbline.dev/v1
                    kind: File
                    metadata: { name: file-%1$d }
                    spec: { path: "conf/d%2$d/file-%1$d.conf", content: "%3$s %1$d\\n" }
                    """.formatted(i, i / perDirectory, content));
        }
        return Manifests.parse(PROVIDER, "many.yaml", yaml.toString());
    }

    /** A path of {@code bytes} bytes: directories of up to 200 {@code d}s, then {@code /f}. */
    static String pathOfBytes(int bytes) {
        char[] directories = "d".repeat(bytes - 2).toCharArray();
        for (int slash = 200; slash < directories.length - 1; slash += 201) {
            directories[slash] = '/';
        }
        return new String(directories) + "/f";
    }

    /** A create as a careless caller might send it: not validated, not planned. */
    static Change create(Resource resource) {
        return new Change(Action.CREATE, resource.key(), Optional.of(resource), Optional.empty(), List.of());
    }
}
