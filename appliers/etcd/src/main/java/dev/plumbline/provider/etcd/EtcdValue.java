package dev.plumbline.provider.etcd;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.Sensitive;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One value the provider writes or reads (UTF-8 text), and whether it came from a secret. A sensitive value
 * appears in compared state as a {@link Sensitive} (compared by digest, shown as {@code (sensitive)}), and
 * its provenance record says {@code sensitive: true}; only {@link #text()} is ever sent to etcd.
 */
record EtcdValue(String text, boolean sensitive) {

    EtcdValue {
        Objects.requireNonNull(text, "text");
    }

    /**
     * Reads a desired value: text, or a resolved secret.
     *
     * @throws IllegalArgumentException for anything else (an unresolved secret reference, a number, ...)
     */
    static EtcdValue desired(Object value, String what) {
        if (value instanceof String text) {
            return new EtcdValue(text, false);
        }
        if (value instanceof Sensitive secret) {
            return new EtcdValue(secret.reveal(), true);
        }
        throw new IllegalArgumentException(what + " is not a string"
                + (value instanceof dev.plumbline.model.SecretTemplate ? " (its secret is not resolved)" : ""));
    }

    /** What state comparisons see: the text, or a {@link Sensitive} of it. */
    Object state() {
        return sensitive ? new Sensitive(text) : text;
    }

    byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-256 of the bytes written, in hex: what provenance keeps instead of the value. */
    String sha256() {
        return ContentHash.sha256(bytes());
    }

    @Override
    public String toString() {
        return sensitive ? Sensitive.MASK : text;
    }
}
