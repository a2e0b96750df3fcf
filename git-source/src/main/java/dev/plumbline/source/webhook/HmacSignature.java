package dev.plumbline.source.webhook;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a header that carries the hex HMAC-SHA256 of the signed bytes under the hook's secret, with or
 * without a prefix such as {@code sha256=}. The comparison is over the decoded bytes and takes the same
 * time wherever they differ ({@link MessageDigest#isEqual}).
 */
final class HmacSignature {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern HEX_256 = Pattern.compile("[0-9a-fA-F]{64}");

    private HmacSignature() {
    }

    /**
     * @param header the header's name, for the message
     * @param value  the header's value, if present
     * @param prefix what the host writes before the hex digits ({@code "sha256="} or {@code ""})
     * @param signed the bytes the host signed, normally the raw body
     */
    static Verification check(GitHost host, String header, Optional<String> value, String prefix,
                              byte[] signed, byte[] secret) {
        if (value.isEmpty()) {
            return Verification.missing(host, header);
        }
        String text = value.get();
        String expectedForm = prefix.isEmpty() ? "64 hex digits" : "'" + prefix + "' followed by 64 hex digits";
        if (!text.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return text.isEmpty() ? Verification.missing(host, header) : Verification.malformed(host, header, expectedForm);
        }
        String hex = text.substring(prefix.length());
        if (hex.isEmpty()) {
            return Verification.missing(host, header);
        }
        if (!HEX_256.matcher(hex).matches()) {
            return Verification.malformed(host, header, expectedForm);
        }
        boolean same = MessageDigest.isEqual(HexFormat.of().parseHex(hex), sign(secret, signed));
        return same ? Verification.verified(host, header) : Verification.mismatch(host, header);
    }

    /** HMAC-SHA256 of {@code data} under {@code secret}. */
    static byte[] sign(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot compute " + ALGORITHM, e);
        }
    }
}
