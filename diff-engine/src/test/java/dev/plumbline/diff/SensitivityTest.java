package dev.plumbline.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.ContentHash;
import dev.plumbline.model.SecretDigest;
import dev.plumbline.model.Sensitive;
import dev.plumbline.yaml.Binary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitivityTest {

    @Test
    void secretsCompareByValueAndNeverPrintIt() {
        Sensitive secret = new Sensitive("hunter2");

        assertThat(secret).isEqualTo(new Sensitive("hunter2")).isNotEqualTo(new Sensitive("hunter3"));
        assertThat(secret.toString()).isEqualTo("(sensitive)");
        assertThat(secret.digest()).startsWith("hmac-sha256:").doesNotContain("hunter2");
        assertThat(ContentHash.of(Map.of("p", secret))).isEqualTo(ContentHash.of(Map.of("p", new Sensitive("hunter2"))))
                .isNotEqualTo(ContentHash.of(Map.of("p", new Sensitive("other"))));
        assertThat(YamlText.render(Map.of("spec", Map.of("password", secret)))).doesNotContain("hunter2")
                .contains("(sensitive)");
    }

    @Test
    void theDigestIsKeyedSoNoPlainHashOfASecretIsEverStored() throws Exception {
        byte[] key = SecretDigest.randomKey();
        String plain = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("1234".getBytes(StandardCharsets.UTF_8)));
        Sensitive pin = new Sensitive("1234", SecretDigest.of(key));

        assertThat(pin.digest()).isEqualTo(SecretDigest.of(key).of("1234")).doesNotContain(plain)
                .isNotEqualTo(new Sensitive("1234", SecretDigest.of(SecretDigest.randomKey())).digest());
        assertThat(ContentHash.of(Map.of("pin", pin))).isEqualTo(ContentHash.of(Map.of("pin",
                new Sensitive("1234", SecretDigest.of(key.clone())))));
        assertThat(pin).as("values compare by value, whatever key their digests use")
                .isEqualTo(new Sensitive("1234")).hasSameHashCodeAs(new Sensitive("1234"));
    }

    @Test
    void binaryValuesHashByTheirBytesAndShowAsASummary() {
        Binary bytes = Binary.of(new byte[] {(byte) 0xff, 0, 1});

        assertThat(ContentHash.of(Map.of("c", bytes))).isEqualTo(ContentHash.of(Map.of("c",
                Binary.of(new byte[] {(byte) 0xff, 0, 1})))).isNotEqualTo(ContentHash.of(Map.of("c", "/wAB")));
        assertThat(Sensitivity.masked(Map.of("c", bytes))).isEqualTo(Map.of("c", bytes.toString()));
        assertThat(YamlText.render(Map.of("c", bytes))).startsWith("c: '(binary: 3 bytes, sha256 ");
    }

    @Test
    void liveValuesWhereDesiredHoldsASecretBecomeSecretsToo() {
        Map<String, Object> desired = Map.of("spec", Map.of("password", new Sensitive("s3"), "name", "app",
                "list", List.of(new Sensitive("x"))));
        Map<String, Object> live = Map.of("spec", Map.of("password", "s3", "name", "app", "list", List.of("y")));

        Map<String, Object> aligned = Sensitivity.align(live, desired);

        assertThat(Differ.diff(aligned, desired)).extracting(c -> c.path().toString()).containsExactly("spec.list[0]");
        assertThat(aligned.toString()).doesNotContain("s3");
        assertThat(Sensitivity.masked(Map.of("a", List.of(new Sensitive("s3"))))).isEqualTo(Map.of("a",
                List.of("(sensitive)")));
    }
}
