package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import dev.plumbline.yaml.Binary;
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
     * The resource with its spec in normal form, the shape {@link #state()} has; other fields kept. A spec in
     * normal form already (keys in that order, the same values) gives the resource itself, and values equal to
     * the manifest's are the manifest's: a stack's resources are normalised on every run, and what a run holds
     * is then one copy of each.
     */
    Resource normalise(Resource resource) {
        Map<String, Object> given = resource.spec();
        Map<String, Object> spec = specMap(given);
        if (resource.document().get("spec") == given && sameInOrder(spec, given)) {
            return resource;
        }
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", spec);
        return resource.withDocument(document);
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
        return specMap(Map.of());
    }

    /** The spec in normal form, with the very values of {@code like} where they are equal text or bytes. */
    private Map<String, Object> specMap(Map<String, Object> like) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", same(like.get("path"), path.toString()));
        spec.put("content", same(like.get("content"), content.value()));
        spec.put("mode", same(like.get("mode"), mode.text()));
        return spec;
    }

    private static Object same(Object given, Object normal) {
        boolean plain = normal instanceof String || normal instanceof Binary;
        return plain && normal.equals(given) && normal.getClass() == given.getClass() ? given : normal;
    }

    /** Whether two mappings have the same keys in the same order, each with the very same value. */
    private static boolean sameInOrder(Map<String, Object> one, Map<String, Object> other) {
        if (one.size() != other.size()) {
            return false;
        }
        var others = other.entrySet().iterator();
        for (Map.Entry<String, Object> entry : one.entrySet()) {
            Map.Entry<String, Object> next = others.next();
            if (!entry.getKey().equals(next.getKey()) || entry.getValue() != next.getValue()) {
                return false;
            }
        }
        return true;
    }
}
