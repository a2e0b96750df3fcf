package dev.plumbline.provider.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.SecretRef;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider's own credential: named in its settings, read when needed, never shown. */
class CredentialRefTest {

    private static final String CONFIG = "plumbline.yaml";
    private static final String PURPOSE = "the test password";

    @TempDir
    Path dir;

    @Test
    void readsAVariableOfTheEnvironmentHandedIn() {
        CredentialRef ref = read(Map.of("passwordEnv", "PW"), Map.of("PW", "s3cr3t"), new ArrayList<>());

        assertThat(ref.resolve()).hasValue("s3cr3t");
        assertThat(ref.toString()).isEqualTo("env PW").doesNotContain("s3cr3t");
        assertThat(ref.reference()).map(SecretRef::location).hasValue(Location.of(CONFIG, 6, 11));
    }

    @Test
    void readsAFileRelativeToTheConfigStrippedAgainEachTime() throws IOException {
        CredentialRef ref = read(Map.of("passwordFile", "secrets/pw"), Map.of(), new ArrayList<>());
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/pw"), "  first\n");
        assertThat(ref.resolve()).hasValue("first");

        Files.writeString(dir.resolve("secrets/pw"), "second\n");

        assertThat(ref.resolve()).hasValue("second");
        assertThat(ref.toString()).isEqualTo("file " + dir.resolve("secrets/pw"));
    }

    @Test
    void aMissingCredentialIsTransientAndSaysWhere() throws IOException {
        CredentialRef env = read(Map.of("passwordEnv", "PW"), Map.of(), new ArrayList<>());
        CredentialRef missing = read(Map.of("passwordFile", "nope"), Map.of(), new ArrayList<>());
        Files.writeString(dir.resolve("empty"), " \n");
        CredentialRef empty = read(Map.of("passwordFile", "empty"), Map.of(), new ArrayList<>());

        assertThatThrownBy(env::resolve).isInstanceOf(TransientException.class)
                .hasMessage("the test password in environment variable PW is not set for the agent")
                .extracting(e -> ((TransientException) e).reason()).isEqualTo(CredentialRef.UNAVAILABLE);
        assertThatThrownBy(missing::resolve).hasMessage("the test password file " + dir.resolve("nope")
                + " cannot be read (NoSuchFileException)");
        assertThatThrownBy(empty::resolve).hasMessage("the test password file " + dir.resolve("empty") + " is empty");
    }

    @Test
    void neitherKeyIsNoCredentialAndBothIsAProblem() {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("passwordEnv", "PW");
        both.put("passwordFile", "secrets/pw");

        assertThat(read(Map.of(), Map.of(), problems).resolve()).isEmpty();
        assertThat(read(both, Map.of("PW", "x"), problems).resolve()).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactly(CONFIG + ":7:11: provider 'db' has both"
                + " passwordEnv and passwordFile; keep one of them");
    }

    @Test
    void aGivenCredentialIsNeverShown() {
        assertThat(CredentialRef.given("hunter2").resolve()).hasValue("hunter2");
        assertThat(CredentialRef.given("hunter2").toString()).doesNotContain("hunter2");
        assertThat(CredentialRef.none().resolve()).isEmpty();
    }

    private CredentialRef read(Map<String, Object> values, Map<String, String> environment, List<Problem> problems) {
        Map<String, Location> locations = new LinkedHashMap<>();
        int line = 6;
        for (String key : values.keySet()) {
            locations.put(key, Location.of(CONFIG, line++, 11));
        }
        ProviderConfig config = new ProviderConfig("db", "test", new Settings("provider 'db'", values, locations,
                Location.of(CONFIG, 5, 5), dir), Location.of(CONFIG, 5, 5));
        return CredentialRef.fromSettings(config, "passwordEnv", "passwordFile", PURPOSE, environment::get, problems);
    }
}
