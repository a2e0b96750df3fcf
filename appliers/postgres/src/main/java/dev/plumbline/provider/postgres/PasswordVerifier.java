package dev.plumbline.provider.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What PostgreSQL stores instead of a password ({@code pg_authid.rolpassword}), and whether a password
 * matches it. A SCRAM-SHA-256 verifier ({@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>},
 * RFC 5802 and 7677) is checked by deriving both keys from the password with the stored salt and
 * iteration count: {@code SaltedPassword = Hi(password, salt, i)} (PBKDF2 with HMAC-SHA-256),
 * {@code StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key"))},
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. An old {@code md5} verifier is
 * {@code "md5" + md5(password + role)}.
 *
 * <p>PostgreSQL prepares a password with SASLprep before hashing it, and uses it unprepared when that
 * fails. For printable ASCII both are the password itself, so the provider computes the verifier of such
 * a password itself and sends PostgreSQL only that ({@link #scram}): the password never leaves the agent.
 * Other passwords are sent for the server to hash, and compared both unprepared and in a close
 * approximation of SASLprep (NFKC with non-ASCII spaces mapped to a space and invisible characters
 * dropped).
 */
final class PasswordVerifier {

    static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordVerifier() {
    }

    /** Whether {@link #scram} gives the verifier PostgreSQL itself would store for {@code password}. */
    static boolean hashableHere(String password) {
        return !password.isEmpty() && password.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** A new SCRAM-SHA-256 verifier of {@code password}, with a fresh 16-byte salt. */
    static String scram(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[][] keys = keys(password.getBytes(StandardCharsets.UTF_8), salt, ITERATIONS);
        Base64.Encoder base64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + ITERATIONS + ":" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(keys[0]) + ":" + base64.encodeToString(keys[1]);
    }

    /** Whether {@code password} is the one {@code stored} was made from, for the role {@code role}. */
    static boolean matches(String password, String stored, String role) {
        if (stored == null || stored.isEmpty() || password.isEmpty()) {
            return password.isEmpty() && (stored == null || stored.isEmpty());
        }
        for (String candidate : candidates(password)) {
            if (stored.startsWith("SCRAM-SHA-256$") ? scramMatches(candidate, stored) : md5Matches(candidate, stored, role)) {
                return true;
            }
        }
        return false;
    }

    private static boolean scramMatches(String password, String stored) {
        try {
            String[] parts = stored.substring("SCRAM-SHA-256$".length()).split("[$:]");
            if (parts.length != 4) {
                return false;
            }
            Base64.Decoder base64 = Base64.getDecoder();
            byte[][] keys = keys(password.getBytes(StandardCharsets.UTF_8), base64.decode(parts[1]),
                    Integer.parseInt(parts[0]));
            return MessageDigest.isEqual(keys[0], base64.decode(parts[2]))
                    && MessageDigest.isEqual(keys[1], base64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean md5Matches(String password, String stored, String role) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest((password + role).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(("md5" + HexFormat.of().formatHex(digest)).getBytes(StandardCharsets.UTF_8),
                    stored.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** StoredKey and ServerKey of a password. */
    private static byte[][] keys(byte[] password, byte[] salt, int iterations) {
        byte[] salted = hi(password, salt, iterations);
        try {
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.UTF_8));
            return new byte[][] {storedKey, serverKey};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** {@code Hi(str, salt, i)} of RFC 5802: PBKDF2 with HMAC-SHA-256, one block. */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) {
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[first.length - 1] = 1;
        byte[] u = hmac(password, first);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(password, u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every Java runtime", e);
        }
    }

    /** The password as given, and as SASLprep would most likely prepare it. */
    private static Set<String> candidates(String password) {
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(password);
        StringBuilder mapped = new StringBuilder();
        password.codePoints().forEach(c -> {
            if (Character.isSpaceChar(c) && c != ' ') {
                mapped.append(' ');
            } else if (c != 0x00AD && c != 0x034F && c != 0x1806 && !(c >= 0x180B && c <= 0x180D)
                    && !(c >= 0x200B && c <= 0x200D) && c != 0x2060 && !(c >= 0xFE00 && c <= 0xFE0F) && c != 0xFEFF) {
                mapped.appendCodePoint(c);
            }
        });
        candidates.add(Normalizer.normalize(mapped, Normalizer.Form.NFKC));
        return candidates;
    }
}
