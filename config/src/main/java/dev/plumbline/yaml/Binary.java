package dev.plumbline.yaml;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The bytes of a {@code !!binary} value (base64 in the text), read as bytes: what a field that takes bytes
 * (the content of a file, the value of an etcd key) writes as they are. It compares by its bytes and shows
 * as {@code (binary: 3 bytes, sha256 2c26b46b)}, the same in every process; a field that takes text refuses
 * it.
 */
public final class Binary {

    private final byte[] bytes;

    private Binary(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Binary of(byte[] bytes) {
        return new Binary(bytes.clone());
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** The bytes as base64, as a {@code !!binary} value writes them. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The SHA-256 of the bytes, in hex. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Binary binary && Arrays.equals(binary.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "(binary: " + bytes.length + (bytes.length == 1 ? " byte" : " bytes") + ", sha256 "
                + sha256().substring(0, 8) + ")";
    }
}
