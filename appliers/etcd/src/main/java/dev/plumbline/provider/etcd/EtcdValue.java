package dev.plumbline.provider.etcd;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.yaml.Binary;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One value the provider writes or reads, and whether it came from a secret. Its {@code content} is text
 * (a {@link String}, stored as UTF-8) or bytes (a {@link Binary}, from {@code !!binary}, stored as they are);
 * only {@link #bytes()} is ever sent to etcd. In compared state a value is its text, its {@link Binary}, or,
 * when sensitive, a {@link Sensitive} (compared by value, shown as {@code (sensitive)}); its provenance
 * record says {@code sensitive: true}. A secret is text, never bytes.
 */
record EtcdValue(Object content, boolean sensitive) {

    EtcdValue {
        Objects.requireNonNull(content, "content");
        if (!(content instanceof String) && !(content instanceof Binary)) {
            throw new IllegalArgumentException("a value is text or bytes, not " + content.getClass().getName());
        }
        if (sensitive && content instanceof Binary) {
            throw new IllegalArgumentException("a secret value is text");
        }
    }

    static EtcdValue text(String text) {
        return new EtcdValue(text, false);
    }

    /**
     * Reads a desired value: text, bytes ({@code !!binary}), or a resolved secret.
     *
     * @throws IllegalArgumentException for anything else (an unresolved secret reference, a number, ...)
     */
    static EtcdValue desired(Object value, String what) {
        if (value instanceof String || value instanceof Binary) {
            return new EtcdValue(value, false);
        }
        if (value instanceof Sensitive secret) {
            return new EtcdValue(secret.reveal(), true);
        }
        throw new IllegalArgumentException(what + " is neither text nor bytes"
                + (value instanceof SecretTemplate ? " (its secret is not resolved)" : ""));
    }

    /**
     * A value read from etcd, {@code found} being its bytes: bytes when {@code binary} (the desired value is
     * bytes) or when they are not UTF-8 (no text could equal them, and bytes show that they changed);
     * otherwise their text, so that text compares with text. A {@code sensitive} value is read as text, so
     * that it compares with its secret and never shows.
     */
    static EtcdValue live(Binary found, boolean binary, boolean sensitive) {
        byte[] bytes = found.bytes();
        if (sensitive) {
            return new EtcdValue(new String(bytes, StandardCharsets.UTF_8), true);
        }
        Optional<String> text = binary ? Optional.empty() : utf8(bytes);
        return text.isPresent() ? text(text.get()) : new EtcdValue(found, false);
    }

    /** Whether this value is bytes ({@code !!binary}) rather than text. */
    boolean isBinary() {
        return content instanceof Binary;
    }

    /** What state comparisons see: the text or bytes, or a {@link Sensitive} of the text. */
    Object state() {
        return sensitive ? new Sensitive((String) content) : content;
    }

    /** What is written to etcd. */
    byte[] bytes() {
        return content instanceof Binary binary ? binary.bytes() : ((String) content).getBytes(StandardCharsets.UTF_8);
    }

    /** How many bytes are written. */
    long size() {
        return content instanceof Binary binary ? binary.size() : RequestLimit.utf8((String) content);
    }

    /** The SHA-256 of the bytes written, in hex: what provenance keeps instead of the value. */
    String sha256() {
        return ContentHash.sha256(bytes());
    }

    /** {@code bytes} as text, when they are UTF-8. */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return sensitive ? Sensitive.MASK : content.toString();
    }
}
