package dev.plumbline.provider.postgres;

import com.ongres.stringprep.Tables;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What PostgreSQL stores instead of a password ({@code pg_authid.rolpassword}), made here, and whether a
 * password matches it. A SCRAM-SHA-256 verifier ({@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>},
 * RFC 5802 and 7677) holds two keys derived from the password with its salt and iteration count:
 * {@code SaltedPassword = Hi(password, salt, i)} (PBKDF2 with HMAC-SHA-256),
 * {@code StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key"))},
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. An old {@code md5} verifier is
 * {@code "md5" + md5(password + role)}, of the password as given.
 *
 * <p>PostgreSQL hashes a password for SCRAM as {@link #prepared} makes it: SASLprep (RFC 4013) in the way
 * of its {@code src/common/saslprep.c}, or the password's UTF-8 bytes unchanged where SASLprep refuses it
 * (a prohibited or unassigned character, a mix of right-to-left and left-to-right text, nothing left after
 * mapping). So the provider makes the verifier of any password itself ({@link #scram}) and sends
 * PostgreSQL only that: the password never leaves the agent. A password matches a SCRAM verifier when the
 * keys derived from its prepared form do ({@link #matches}), whichever of its equivalent spellings (NFC,
 * NFD, a no-break space for a space) the manifest's secret holds.
 */
final class PasswordVerifier {

    static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordVerifier() {
    }

    /** A new SCRAM-SHA-256 verifier of {@code password} (not empty), with a fresh 16-byte salt. */
    static String scram(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return scram(password, salt, ITERATIONS);
    }

    /** The SCRAM-SHA-256 verifier of {@code password} (not empty) with the given salt and iteration count. */
    static String scram(String password, byte[] salt, int iterations) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("an empty password has no verifier: it is PASSWORD NULL");
        }
        byte[][] keys = keys(prepared(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
        Base64.Encoder base64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(keys[0]) + ":" + base64.encodeToString(keys[1]);
    }

    /** Whether {@code password} is the one {@code stored} was made from, for the role {@code role}. */
    static boolean matches(String password, String stored, String role) {
        if (stored == null || stored.isEmpty() || password.isEmpty()) {
            return password.isEmpty() && (stored == null || stored.isEmpty());
        }
        return stored.startsWith("SCRAM-SHA-256$") ? scramMatches(prepared(password), stored)
                : md5Matches(password, stored, role);
    }

    /**
     * {@code password} as PostgreSQL's {@code pg_saslprep} prepares it before hashing it for SCRAM, or as
     * given where that fails. Step by step as {@code src/common/saslprep.c} goes, with RFC 3454's tables:
     * a password of ASCII only stays as it is; else non-ASCII spaces (C.1.2) become a space, and the
     * characters of B.1 (soft hyphen, zero-width joiners, variation selectors, ...) are dropped, a
     * character in both (U+200B) becoming a space; the result, if not empty, is checked for prohibited
     * characters (C.1.2 to C.9) and code points unassigned in Unicode 3.2 (A.1), and for the bidi rule
     * (with any right-to-left character, no left-to-right one, and right-to-left at both ends). These
     * checks look at the mapped password before normalisation, as PostgreSQL's do (RFC 3454 has them
     * after, and so does the SASLprep of the JDBC driver's SCRAM client). Passing them, it is
     * normalised to NFKC; failing any, the password is used as given.
     */
    static String prepared(String password) {
        if (password.chars().allMatch(c -> c < 0x80)) {
            return password;
        }
        int[] mapped = password.codePoints()
                .map(c -> Tables.prohibitionNonAsciiSpace(c) ? ' ' : Tables.mapToNothing(c) ? -1 : c)
                .filter(c -> c >= 0)
                .toArray();
        if (mapped.length == 0 || Arrays.stream(mapped).anyMatch(PasswordVerifier::prohibited)) {
            return password;
        }
        if (Arrays.stream(mapped).anyMatch(Tables::bidirectionalPropertyRorAL)
                && (Arrays.stream(mapped).anyMatch(Tables::bidirectionalPropertyL)
                        || !Tables.bidirectionalPropertyRorAL(mapped[0])
                        || !Tables.bidirectionalPropertyRorAL(mapped[mapped.length - 1]))) {
            return password;
        }
        return Normalizer.normalize(new String(mapped, 0, mapped.length), Normalizer.Form.NFKC);
    }

    /** SASLprep's prohibited output (RFC 4013 section 2.3: RFC 3454 C.1.2 to C.9) or unassigned (A.1). */
    private static boolean prohibited(int c) {
        return Tables.prohibitionNonAsciiSpace(c)
                || Tables.prohibitionAsciiControl(c)
                || Tables.prohibitionNonAsciiControl(c)
                || Tables.prohibitionPrivateUse(c)
                || Tables.prohibitionNonCharacterCodePoints(c)
                || Tables.prohibitionSurrogateCodes(c)
                || Tables.prohibitionInappropriatePlainText(c)
                || Tables.prohibitionInappropriateCanonicalRepresentation(c)
                || Tables.prohibitionChangeDisplayProperties(c)
                || Tables.prohibitionTaggingCharacters(c)
                || Tables.unassignedCodePoints(c);
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
}
