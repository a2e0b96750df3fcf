package dev.plumbline.provider.files;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code File} resource asks for, with defaults filled in: a path under the root, the text to
 * write (UTF-8) and a mode. Both sides of a comparison come through here: the desired side from the
 * manifest, the live side from the disk, so their {@link #state()} maps have one shape:
 * {@code {spec: {path, content, mode}}}. {@code sensitive} content (written from a secret) appears in that
 * state as a {@link Sensitive}: compared by digest, shown as {@code (sensitive)}.
 */
record FileSpec(RelativePath path, String content, FileMode mode, boolean sensitive) {

    FileSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(mode, "mode");
    }

    FileSpec(RelativePath path, String content, FileMode mode) {
        this(path, content, mode, false);
    }

    /** The same file with its content known to come from a secret. */
    FileSpec asSensitive() {
        return new FileSpec(path, content, mode, true);
    }

    /**
     * Reads the spec of a resource that passed {@link FileValidator}.
     *
     * @throws IllegalArgumentException naming what is wrong, when it would not have passed
     */
    static FileSpec of(Resource resource) {
        Map<String, Object> spec = resource.spec();
        if (!(spec.get("path") instanceof String path)) {
            throw new IllegalArgumentException(resource.key().display() + " has no spec.path");
        }
        Object content = spec.get("content");
        if (!(content instanceof String) && !(content instanceof Sensitive)) {
            throw new IllegalArgumentException(resource.key().display() + " has no spec.content string"
                    + (content instanceof SecretTemplate ? " (its secret is not resolved)" : ""));
        }
        Object mode = spec.get("mode");
        return new FileSpec(RelativePath.parse(path), content instanceof Sensitive secret ? secret.reveal()
                : (String) content, mode == null ? FileMode.DEFAULT : FileMode.parse(mode),
                content instanceof Sensitive);
    }

    /** The resource with its spec in normal form, the shape {@link #state()} has; other fields kept. */
    Resource normalise(Resource resource) {
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", specMap());
        return resource.withDocument(document);
    }

    /** The state compared with the other side: {@code {spec: {path, content, mode}}}. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("spec", specMap());
        return Values.freezeMap(state);
    }

    byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-256 of the bytes written, in hex: what the file's ownership record holds. */
    String sha256() {
        return ContentHash.sha256(bytes());
    }

    private Map<String, Object> specMap() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", path.toString());
        spec.put("content", sensitive ? new Sensitive(content) : content);
        spec.put("mode", mode.text());
        return spec;
    }
}
