package dev.plumbline.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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

    /** A digest per thread: a plan hashes every resource of a stack, and looking one up each time costs. */
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(ContentHash::newDigest);

    public static String of(Object value) {
        StringBuilder canonical = new StringBuilder(256);
        write(value, canonical);
        return "sha256:" + sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        MessageDigest digest = DIGESTS.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            String[] keys = textKeys(map);
            if (keys != null) { // the usual map: text keys, sorted here as a TreeMap would sort them
                for (String key : keys) {
                    string(key, out);
                    out.append(':');
                    write(map.get(key), out);
                    out.append(',');
                }
            } else {
                new TreeMap<>(map).forEach((k, v) -> {
                    string(String.valueOf(k), out);
                    out.append(':');
                    write(v, out);
                    out.append(',');
                });
            }
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

    /** The keys of {@code map} in their natural order when all are text, else null. */
    private static String[] textKeys(Map<?, ?> map) {
        String[] keys = new String[map.size()];
        int count = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String text) || count == keys.length) {
                return null;
            }
            keys[count++] = text;
        }
        if (count != keys.length) {
            return null;
        }
        Arrays.sort(keys);
        return keys;
    }

    private static void string(String text, StringBuilder out) {
        out.append('"').append(text.length()).append(':').append(text).append('"');
    }
}
