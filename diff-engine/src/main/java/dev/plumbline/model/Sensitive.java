package dev.plumbline.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A resolved secret, in memory only. It compares by the SHA-256 of its value, prints as
 * {@code (sensitive)} everywhere (plans, logs, JSON, YAML), and hashes into inventories as that digest,
 * so that no stored or shown form ever holds the value. A provider reads it with {@link #reveal()} at the
 * moment it writes.
 */
public final class Sensitive implements SecretValue {

    public static final String MASK = "(sensitive)";

    private final String value;
    private final String digest;

    public Sensitive(String value) {
        this.value = Objects.requireNonNull(value, "value");
        this.digest = "sha256:" + ContentHash.sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The live counterpart of a secret field: a provider's live value, compared by its digest. */
    public static Sensitive of(Object live) {
        return live instanceof Sensitive sensitive ? sensitive : new Sensitive(String.valueOf(live));
    }

    /** The value, for the provider writing it; never log or store it. */
    public String reveal() {
        return value;
    }

    /** {@code sha256:<hex>} of the value. */
    public String digest() {
        return digest;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sensitive sensitive && sensitive.digest.equals(digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
