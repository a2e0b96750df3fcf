package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import dev.plumbline.yaml.Binary;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code File} resource asks for, with defaults filled in: a path under the root, the content to
 * write and a mode. Both sides of a comparison come through here: the desired side from the manifest, the
 * live side from the disk, so their {@link #state()} maps have one shape: {@code {spec: {path, content,
 * mode}}}. The content is text, {@code !!binary} bytes ({@link Binary}) or text from a secret (a
 * {@link Sensitive}: compared by digest, shown as {@code (sensitive)}), as {@link FileContent} shows it.
 */
record FileSpec(RelativePath path, FileContent content, FileMode mode) {

    FileSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(mode, "mode");
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
        Object mode = spec.get("mode");
        return new FileSpec(RelativePath.parse(path), content(resource, spec.get("content")),
                mode == null ? FileMode.DEFAULT : FileMode.parse(mode));
    }

    private static FileContent content(Resource resource, Object content) {
        if (content instanceof String text) {
            return FileContent.text(text);
        }
        if (content instanceof Binary bytes) {
            return FileContent.binary(bytes);
        }
        if (content instanceof Sensitive secret) {
            return FileContent.secret(secret.reveal());
        }
        throw new IllegalArgumentException(resource.key().display() + " has no spec.content string or !!binary"
                + (content instanceof SecretTemplate ? " (its secret is not resolved)" : ""));
    }

    /**
     * This file as read from disk, its content shown the way content of form {@code shown} is, so that it
     * compares with it: as bytes for {@code BINARY}, as a secret for {@code SECRET}, and as read for
     * {@code TEXT} (bytes that are not UTF-8 stay bytes, so the change shows).
     */
    FileSpec shownAs(FileContent.Form shown) {
        return switch (shown) {
            case TEXT -> this;
            case BINARY -> new FileSpec(path, content.asBinary(), mode);
            case SECRET -> new FileSpec(path, content.asSecret(), mode);
        };
    }

    /** Whether the content came from a secret. */
    boolean sensitive() {
        return content.sensitive();
    }

    /** Whether this file holds the same bytes and mode as {@code other}, however each shows its content. */
    boolean sameOnDisk(FileSpec other) {
        return path.equals(other.path) && mode.equals(other.mode) && content.data().equals(other.content.data());
    }

    /**
     * The resource with its spec in normal form, the shape {@link #state()} has; other fields kept. A resource
     * whose spec has that form already (as most manifests write it) is returned as it is.
     */
    Resource normalise(Resource resource) {
        if (normalIn(resource.spec())) {
            return resource;
        }
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", specMap());
        return resource.withDocument(document);
    }

    /**
     * Whether {@code spec} is what {@link #specMap} makes of this file, keys in the same order: path, text or
     * bytes, mode (content from a secret is always made anew).
     */
    private boolean normalIn(Map<String, Object> spec) {
        if (spec.size() != 3 || content.sensitive()) {
            return false;
        }
        Iterator<String> keys = spec.keySet().iterator();
        return keys.next().equals("path") && keys.next().equals("content") && keys.next().equals("mode")
                && path.toString().equals(spec.get("path")) && mode.text().equals(spec.get("mode"))
                && content.value().equals(spec.get("content"));
    }

    /** The state compared with the other side: {@code {spec: {path, content, mode}}}. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("spec", specMap());
        return Values.freezeMap(state);
    }

    byte[] bytes() {
        return content.bytes();
    }

    /** The SHA-256 of the bytes written, in hex: what the file's ownership record holds. */
    String sha256() {
        return content.sha256();
    }

    private Map<String, Object> specMap() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", path.toString());
        spec.put("content", content.value());
        spec.put("mode", mode.text());
        return spec;
    }
}
