package dev.plumbline.model;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed hash of secret values (HMAC-SHA256), written {@code hmac-sha256:<hex>}: what an inventory keeps of a
 * secret instead of the value or a plain SHA-256, which a short secret (a PIN, a word) could be recovered
 * from by trying candidates. The agent keeps its key under its state directory (mode 0600), so its hashes
 * stay the same across restarts and mean nothing to anyone without the key; {@link #PROCESS} has a random
 * key that lives as long as the process, for values that are never stored.
 */
public final class SecretDigest {

    /** The length of a key, in bytes. */
    public static final int KEY_BYTES = 32;

    /** A key made at random when the process starts and never written anywhere. */
    public static final SecretDigest PROCESS = new SecretDigest(randomKey());

    private final SecretKeySpec key;

    private SecretDigest(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("a secret digest key has " + KEY_BYTES + " bytes or more, not "
                    + key.length);
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A digest under {@code key} (at least {@value #KEY_BYTES} bytes). */
    public static SecretDigest of(byte[] key) {
        return new SecretDigest(Objects.requireNonNull(key, "key").clone());
    }

    /** {@value #KEY_BYTES} bytes from a strong random source: a new key. */
    public static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** {@code hmac-sha256:<hex>} of the UTF-8 bytes of {@code value}. */
    public String of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
