package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight of what a config refers to: every missing variable or file at the key that names it. */
class PreflightTest {

    /** Lines 5, 6, 10 and 16 name a token variable, a token file, a webhook variable and a provider password. */
    private static final String CONFIG = """
            stateDir: ./state
            admin:
              listen: 127.0.0.1:0
              tokens:
                - { name: ops, role: operator, tokenEnv: OPS_TOKEN }
                - { name: ci, role: operator, tokenFile: secrets/ci-token }
            sources:
              - name: infra
                url: file:///srv/git/infra.git
                webhook: { secretEnv: HOOK_SECRET }
            providers:
              - name: db
                type: postgres
                url: jdbc:postgresql://127.0.0.1:5432/postgres
                user: plumbline
                passwordEnv: PG_PASSWORD
            """;

    private static final Map<String, String> ALL_SET = Map.of("OPS_TOKEN", "ops-token", "HOOK_SECRET", "hook",
            "PG_PASSWORD", "pw");

    @TempDir
    Path dir;

    private AgentConfig load(String yaml) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), yaml));
    }

    private Path tokenFile(String content) throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        return Files.writeString(dir.resolve("secrets/ci-token"), content);
    }

    private String at(int line, int column) {
        return dir.resolve("plumbline.yaml") + ":" + line + ":" + column + ": ";
    }

    private static List<String> lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }

    @Test
    void everythingThereIsNoProblem() throws IOException {
        tokenFile("ci-token\n");

        assertThat(Preflight.problems(load(CONFIG), ALL_SET)).isEmpty();
    }

    @Test
    void aTokenVariableThatIsNotSetIsReportedAtTokenEnv() throws IOException {
        tokenFile("ci-token");

        assertThat(lines(Preflight.problems(load(CONFIG), Map.of("HOOK_SECRET", "hook", "PG_PASSWORD", "pw"))))
                .containsExactly(at(5, 46) + "admin token 'ops': environment variable OPS_TOKEN is not set");
    }

    @Test
    void aTokenVariableThatIsEmptyIsReportedAsEmpty() throws IOException {
        tokenFile("ci-token");

        assertThat(lines(Preflight.problems(load(CONFIG), Map.of("OPS_TOKEN", "", "HOOK_SECRET", "hook",
                "PG_PASSWORD", "pw"))))
                .containsExactly(at(5, 46) + "admin token 'ops': environment variable OPS_TOKEN is empty");
    }

    @Test
    void anEmptyTokenFileIsReportedAtTokenFile() throws IOException {
        Path file = tokenFile(" \n\t\n");

        assertThat(lines(Preflight.problems(load(CONFIG), ALL_SET)))
                .containsExactly(at(6, 46) + "admin token 'ci': " + file + " is empty");
    }

    @Test
    void aMissingTokenFileIsReportedAtTokenFile() throws IOException {
        assertThat(lines(Preflight.problems(load(CONFIG), ALL_SET))).containsExactly(at(6, 46)
                + "admin token 'ci': cannot read " + dir.resolve("secrets/ci-token") + ": no such file");
    }

    @Test
    void aTokenFileThatCannotBeReadIsReportedAtTokenFile() throws IOException {
        Files.createDirectories(dir.resolve("secrets/ci-token")); // a directory: unreadable as a file, even for root

        assertThat(lines(Preflight.problems(load(CONFIG), ALL_SET))).containsExactly(at(6, 46)
                + "admin token 'ci': cannot read " + dir.resolve("secrets/ci-token") + ": is a directory");
    }

    @Test
    void aTokenFileWithoutReadPermissionIsReportedAtTokenFile() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        Path file = tokenFile("ci-token");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

        assertThat(lines(Preflight.problems(load(CONFIG), ALL_SET)))
                .containsExactly(at(6, 46) + "admin token 'ci': cannot read " + file + ": permission denied");
    }

    @Test
    void aWebhookSecretThatIsNotSetIsReportedAtSecretEnv() throws IOException {
        tokenFile("ci-token");

        assertThat(lines(Preflight.problems(load(CONFIG), Map.of("OPS_TOKEN", "t", "PG_PASSWORD", "pw"))))
                .containsExactly(at(10, 27) + "webhook secret of source 'infra': environment variable HOOK_SECRET"
                        + " is not set");
    }

    @Test
    void aProviderPasswordVariableThatIsNotSetIsReportedAtPasswordEnv() throws IOException {
        tokenFile("ci-token");

        assertThat(lines(Preflight.problems(load(CONFIG), Map.of("OPS_TOKEN", "t", "HOOK_SECRET", "hook"))))
                .containsExactly(at(16, 18) + "the password of provider 'db': environment variable PG_PASSWORD"
                        + " is not set");
    }

    @Test
    void aProviderPasswordFileIsReadRelativeToTheConfig() throws IOException {
        tokenFile("ci-token");
        AgentConfig config = load(CONFIG.replace("passwordEnv: PG_PASSWORD", "passwordFile: secrets/pg"));

        assertThat(lines(Preflight.problems(config, ALL_SET))).containsExactly(at(16, 19)
                + "the password of provider 'db': cannot read " + dir.resolve("secrets/pg") + ": no such file");
        Files.writeString(dir.resolve("secrets/pg"), "pw");
        assertThat(Preflight.problems(config, ALL_SET)).isEmpty();
    }

    @Test
    void aProviderWithBothPasswordKeysIsLeftToTheProvider() throws IOException {
        tokenFile("ci-token");
        AgentConfig config = load(CONFIG + "    passwordFile: secrets/none\n");

        assertThat(Preflight.problems(config, Map.of("OPS_TOKEN", "t", "HOOK_SECRET", "hook"))).isEmpty();
    }

    @Test
    void everyProblemAtOnceInTheOrderOfTheFile() throws IOException {
        Path file = tokenFile("");
        Preflight.Check added = (config, environment, problems) ->
                problems.add(Problem.at(Location.of(dir.resolve("plumbline.yaml").toString(), 3, 11), "added"));

        StalledException refused = catchThrowableOfType(StalledException.class,
                () -> Preflight.require(load(CONFIG), Map.of(), added));

        assertThat(refused.reason()).isEqualTo(Reasons.INVALID_CONFIG);
        assertThat(lines(refused.problems())).containsExactly(
                at(3, 11) + "added",
                at(5, 46) + "admin token 'ops': environment variable OPS_TOKEN is not set",
                at(6, 46) + "admin token 'ci': " + file + " is empty",
                at(10, 27) + "webhook secret of source 'infra': environment variable HOOK_SECRET is not set",
                at(16, 18) + "the password of provider 'db': environment variable PG_PASSWORD is not set");
    }

    @Test
    void aConfigWithoutReferencesNeedsNothing() throws IOException {
        AgentConfig config = load("""
                admin:
                  tokens: [ { name: ops, role: operator, sha256: "%s" } ]
                providers:
                  - { name: local, type: files, root: ./live }
                """.formatted("a".repeat(64)));

        Preflight.require(config, Map.of());
        assertThat(config.admin().listenLocation()).isEqualTo(config.admin().location());
    }
}
