package dev.plumbline.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The path to a value inside a document, spelt the way people read it: {@code spec.ports[0].name}, with
 * keys that are not plain words in brackets: {@code metadata.annotations["plumbline.dev/stack"]}.
 * The same spelling keys source positions, diff entries and messages.
 */
public final class FieldPath implements Comparable<FieldPath> {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final FieldPath ROOT = new FieldPath(List.of());

    private final List<Object> segments;

    private FieldPath(List<Object> segments) {
        this.segments = List.copyOf(segments);
    }

    public static FieldPath root() {
        return ROOT;
    }

    /** A path of keys, for example {@code FieldPath.of("spec", "content")}. */
    public static FieldPath of(String... keys) {
        FieldPath path = ROOT;
        for (String key : keys) {
            path = path.key(key);
        }
        return path;
    }

    public FieldPath key(String key) {
        Objects.requireNonNull(key, "key");
        List<Object> next = new ArrayList<>(segments);
        next.add(key);
        return new FieldPath(next);
    }

    public FieldPath index(int index) {
        List<Object> next = new ArrayList<>(segments);
        next.add(index);
        return new FieldPath(next);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public FieldPath parent() {
        if (segments.isEmpty()) {
            return this;
        }
        return new FieldPath(segments.subList(0, segments.size() - 1));
    }

    public List<Object> segments() {
        return segments;
    }

    public boolean startsWith(FieldPath prefix) {
        return segments.size() >= prefix.segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                String key = (String) segment;
                if (PLAIN.matcher(key).matches()) {
                    if (!text.isEmpty()) {
                        text.append('.');
                    }
                    text.append(key);
                } else {
                    text.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
                }
            }
        }
        return text.toString();
    }

    private static final java.util.Map<FieldPath, java.lang.ref.WeakReference<FieldPath>> INTERNED =
            new java.util.WeakHashMap<>();

    /**
     * The one instance of this path that every caller of {@code intern} shares (as {@link String#intern}):
     * the many resources a stack holds have the same few paths ({@code spec.path}, {@code metadata.name}),
     * so what keeps them for long keeps one copy. Unused paths are let go.
     */
    public FieldPath intern() {
        synchronized (INTERNED) {
            java.lang.ref.WeakReference<FieldPath> known = INTERNED.get(this);
            FieldPath shared = known == null ? null : known.get();
            if (shared != null) {
                return shared;
            }
            INTERNED.put(this, new java.lang.ref.WeakReference<>(this));
            return this;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath path && path.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public int compareTo(FieldPath other) {
        return toString().compareTo(other.toString());
    }
}
