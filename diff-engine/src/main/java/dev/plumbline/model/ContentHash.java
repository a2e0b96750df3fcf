package dev.plumbline.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 over a canonical form of a plain-value tree (map keys sorted, types tagged), so that equal
 * trees hash equally whatever their key order. Written {@code sha256:<hex>}.
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static String of(Object value) {
        StringBuilder canonical = new StringBuilder();
        write(value, canonical);
        return "sha256:" + sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            new TreeMap<>(map).forEach((k, v) -> {
                string(String.valueOf(k), out);
                out.append(':');
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (Object item : list) {
                write(item, out);
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof dev.plumbline.yaml.Binary binary) {
            out.append("Binary(").append(binary.base64()).append(')');
        } else if (value instanceof Sensitive sensitive) {
            out.append("Sensitive(").append(sensitive.digest()).append(')');
        } else if (value == null) {
            out.append("null");
        } else {
            out.append(value.getClass().getSimpleName()).append('(').append(value).append(')');
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"').append(text.length()).append(':').append(text).append('"');
    }
}
