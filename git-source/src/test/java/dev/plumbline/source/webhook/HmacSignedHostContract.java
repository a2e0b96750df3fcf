package dev.plumbline.source.webhook;

import static dev.plumbline.source.webhook.Deliveries.SECRET;
import static dev.plumbline.source.webhook.Deliveries.SECRET_BYTES;
import static dev.plumbline.source.webhook.Deliveries.hmacSha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What every host that signs with a hex HMAC-SHA256 of the body must pass: the right signature over the
 * stored bytes verifies; another secret, a changed body, re-serialised JSON, a missing, empty or
 * malformed header do not; header names match in any case; no message holds the secret or a signature.
 */
abstract class HmacSignedHostContract {

    abstract GitHost host();

    /** The header the host signs in, as the host spells it. */
    abstract String signatureHeader();

    /** What the host writes before the hex digits: "sha256=" or "". */
    abstract String prefix();

    /** A push fixture, as stored. */
    abstract byte[] push();

    /** The headers of a push delivery, without the signature. */
    abstract List<String> unsignedHeaders();

    WebhookRequest signed(byte[] body, String signatureValue) {
        return signedAs(signatureHeader(), body, signatureValue);
    }

    WebhookRequest signedAs(String headerName, byte[] body, String signatureValue) {
        List<String> headers = new ArrayList<>(unsignedHeaders());
        headers.add(headerName);
        headers.add(signatureValue);
        return Deliveries.request(body, headers.toArray(String[]::new));
    }

    Verification verify(WebhookRequest request) {
        return Webhooks.verify(host(), request, SECRET_BYTES);
    }

    @Test
    void acceptsTheSignatureOverTheBytesAsSent() {
        Verification verification = verify(signed(push(), prefix() + hmacSha256Hex(SECRET, push())));

        assertThat(verification.valid()).isTrue();
        assertThat(verification.reason()).isEqualTo(Verification.VERIFIED);
        assertThat(verification.message()).contains(signatureHeader());
    }

    @Test
    void acceptsUpperCaseHexDigits() {
        String upper = hmacSha256Hex(SECRET, push()).toUpperCase(Locale.ROOT);

        assertThat(verify(signed(push(), prefix() + upper)).valid()).isTrue();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        Verification verification = verify(signed(push(), prefix() + hmacSha256Hex("another-secret", push())));

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).isEqualTo(Verification.BAD_SIGNATURE);
        assertThat(verification.message()).contains(signatureHeader()).contains("does not match");
    }

    @Test
    void rejectsTheRightSignatureOverABodyChangedByOneByte() {
        String signature = prefix() + hmacSha256Hex(SECRET, push());
        byte[] changed = push().clone();
        int index = indexOf(changed, (byte) '1');
        changed[index] = (byte) '2';

        assertThat(verify(signed(changed, signature)).reason()).isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void rejectsASignatureOverReserialisedJson() {
        byte[] reserialised = Deliveries.reserialised(push());
        assertThat(reserialised).isNotEqualTo(push());
        assertThat(Deliveries.sameJson(reserialised, push())).isTrue();

        Verification signedReserialised = verify(signed(push(), prefix() + hmacSha256Hex(SECRET, reserialised)));
        Verification sentReserialised = verify(signed(reserialised, prefix() + hmacSha256Hex(SECRET, push())));

        assertThat(signedReserialised.reason()).isEqualTo(Verification.BAD_SIGNATURE);
        assertThat(sentReserialised.reason()).isEqualTo(Verification.BAD_SIGNATURE);
    }

    @Test
    void reportsAMissingSignatureNamingTheHeader() {
        WebhookRequest unsigned = Deliveries.request(push(), unsignedHeaders().toArray(String[]::new));

        Verification verification = verify(unsigned);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).isEqualTo(Verification.MISSING_SIGNATURE);
        assertThat(verification.message()).contains(signatureHeader()).contains(host().displayName());
    }

    @Test
    void takesAnEmptySignatureForAMissingOne() {
        assertThat(verify(signed(push(), "")).reason()).isEqualTo(Verification.MISSING_SIGNATURE);
        assertThat(verify(signed(push(), prefix())).reason()).isEqualTo(Verification.MISSING_SIGNATURE);
    }

    @Test
    void reportsASignatureThatIsNotHexOfTheRightLength() {
        String hex = hmacSha256Hex(SECRET, push());

        for (String value : List.of(prefix() + hex.substring(2), prefix() + hex + "00",
                prefix() + "zz" + hex.substring(2), "sha1=" + hex.substring(0, 40), "md5 " + hex)) {
            Verification verification = verify(signed(push(), value));
            assertThat(verification.reason()).as(value).isEqualTo(Verification.MALFORMED_SIGNATURE);
            assertThat(verification.message()).as(value).contains(signatureHeader()).contains("64 hex digits");
        }
    }

    @Test
    void findsTheSignatureHeaderInAnyCase() {
        String signature = prefix() + hmacSha256Hex(SECRET, push());

        for (String name : List.of(signatureHeader().toLowerCase(Locale.ROOT), signatureHeader().toUpperCase(Locale.ROOT))) {
            assertThat(verify(signedAs(name, push(), signature)).valid()).as(name).isTrue();
        }
    }

    @Test
    void neverPutsTheSecretOrASignatureInAMessage() {
        String right = hmacSha256Hex(SECRET, push());
        String wrong = hmacSha256Hex("another-secret", push());
        List<Verification> outcomes = List.of(
                verify(signed(push(), prefix() + right)),
                verify(signed(push(), prefix() + wrong)),
                verify(signed(push(), prefix() + wrong.substring(3))),
                verify(Deliveries.request(push(), unsignedHeaders().toArray(String[]::new))));

        assertThat(outcomes).extracting(Verification::reason).doesNotHaveDuplicates();
        for (Verification outcome : outcomes) {
            assertThat(outcome.message()).doesNotContain(SECRET).doesNotContain(right).doesNotContain(wrong)
                    .doesNotContain(wrong.substring(3));
            assertThat(outcome.toString()).doesNotContain(SECRET).doesNotContain(right);
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = bytes.length / 2; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("no '" + (char) wanted + "' in the second half of " + Arrays.toString(bytes));
    }
}
