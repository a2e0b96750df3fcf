package dev.plumbline.agent.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.SecretGrants;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SecretDigest;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.SourceMap;
import dev.plumbline.problem.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inventory digest of a secret is keyed by a file only the agent can read, the same in every process. */
class DigestKeyTest {

    @TempDir
    Path stateDir;

    @Test
    void theFirstLoadMakesAnOwnerOnlyKeyThatEveryLaterLoadReads() throws IOException {
        SecretDigest first = DigestKey.load(stateDir.resolve("new"));
        Path file = stateDir.resolve("new").resolve(DigestKey.FILE);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.size(file)).isEqualTo(SecretDigest.KEY_BYTES);
        assertThat(DigestKey.load(stateDir.resolve("new")).of("1234")).isEqualTo(first.of("1234"));
        assertThat(DigestKey.load(stateDir.resolve("other")).of("1234")).isNotEqualTo(first.of("1234"));
        try (var files = Files.list(stateDir.resolve("new"))) {
            assertThat(files).as("no temp file left").containsExactly(file);
        }
    }

    @Test
    void processesStartingTogetherAgreeOnOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> loads = java.util.Collections.nCopies(16, () -> DigestKey.load(stateDir).of("x"));
            List<String> digests = pool.invokeAll(loads).stream().map(DigestKeyTest::get).distinct().toList();
            assertThat(digests).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyOthersCanReadIsMadeOwnerOnlyAndAShortOneIsRefusedSayingWhatToDo() throws IOException {
        DigestKey.load(stateDir);
        Path file = stateDir.resolve(DigestKey.FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DigestKey.load(stateDir);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Files.write(file, new byte[3]);
        assertThatThrownBy(() -> DigestKey.load(stateDir)).hasMessageContaining("holds 3 bytes")
                .hasMessageContaining("delete it");
    }

    @Test
    void resolvedSecretsHashIntoTheInventoryWithTheKeyNeverAsAPlainSha256() throws Exception {
        Path secrets = Files.createDirectories(stateDir.resolve("secrets"));
        Files.writeString(secrets.resolve("pin"), "1234\n");
        SecretGrants grants = new SecretGrants(List.of(secrets), List.of(), Location.of("plumbline.yaml", 1, 1));
        Resource resource = new Resource(new ResourceKey("local", "files.plumbline.dev", "File", "", "pin"), "files.plumbline.dev/v1",
                Map.of("spec", Map.of("content", new SecretTemplate("${secret:file:secrets/pin}"))),
                new SourceMap(Location.of("pin.yaml", 1, 1), Map.of()));
        String plain = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("1234".getBytes(StandardCharsets.UTF_8)));

        Resource once = new EnvironmentSecrets(Map.of(), stateDir, grants, DigestKey.load(stateDir))
                .resolve(List.of(resource)).get(0);
        Resource again = new EnvironmentSecrets(Map.of(), stateDir, grants, DigestKey.load(stateDir))
                .resolve(List.of(resource)).get(0);

        assertThat(((Sensitive) once.spec().get("content")).digest()).doesNotContain(plain)
                .isEqualTo(DigestKey.load(stateDir).of("1234"));
        assertThat(once.hash()).as("the same in every process with this state directory").isEqualTo(again.hash());
    }

    private static String get(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
