package dev.plumbline.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A resolved secret, in memory only. It compares by its value (in constant time), prints as
 * {@code (sensitive)} everywhere (plans, logs, JSON, YAML), and hashes into inventories as its keyed
 * {@link SecretDigest} (never a plain SHA-256, which a short secret could be recovered from), so that no
 * stored or shown form ever holds the value or anything to guess it from. A provider reads it with
 * {@link #reveal()} at the moment it writes.
 */
public final class Sensitive implements SecretValue {

    public static final String MASK = "(sensitive)";

    private final String value;
    private final String digest;

    /** A secret whose digest uses the process's key: for values that are compared and never stored. */
    public Sensitive(String value) {
        this(value, SecretDigest.PROCESS);
    }

    /** A secret whose digest, kept by inventories, uses {@code digest}'s key. */
    public Sensitive(String value, SecretDigest digest) {
        this.value = Objects.requireNonNull(value, "value");
        this.digest = digest.of(value);
    }

    /** The live counterpart of a secret field: a provider's live value, compared by its value. */
    public static Sensitive of(Object live) {
        return live instanceof Sensitive sensitive ? sensitive : new Sensitive(String.valueOf(live));
    }

    /** The value, for the provider writing it; never log or store it. */
    public String reveal() {
        return value;
    }

    /** {@code hmac-sha256:<hex>} of the value, under the key it was made with. */
    public String digest() {
        return digest;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sensitive sensitive && MessageDigest.isEqual(
                sensitive.value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
