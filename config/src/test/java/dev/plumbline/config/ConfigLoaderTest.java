package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve("plumbline.yaml");
        try (InputStream in = getClass().getResourceAsStream("/dev/plumbline/config/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("plumbline.yaml"), yaml);
    }

    @Test
    void loadsTheShapeFromTheIssue() throws IOException {
        AgentConfig config = ConfigLoader.load(fixture("issue-example.yaml"));

        assertThat(config.stateDir()).isEqualTo(dir.resolve(".plumbline"));
        SourceConfig source = config.sources().get(0);
        assertThat(source.name()).isEqualTo("infra");
        assertThat(source.url()).isEqualTo("file:///srv/git/infra.git");
        assertThat(source.ref()).isEqualTo("main");
        assertThat(source.interval()).isEqualTo(Duration.ofSeconds(30));
        ProviderConfig provider = config.providers().get(0);
        assertThat(provider.type()).isEqualTo("files");
        assertThat(provider.settings().values()).containsEntry("root", "/srv/app-config");
        StackConfig stack = config.stacks().get(0);
        assertThat(stack.path()).isEqualTo("stacks/web");
        assertThat(stack.sync()).isEqualTo(new SyncPolicy(true, true, true));
        assertThat(stack.driftInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(stack.vars()).isEqualTo(Map.of("env", "prod"));
        assertThat(stack.location().line()).isEqualTo(12);
    }

    @Test
    void readsTheSharePruneMayTakeAndRefusesOneOutsideZeroToAHundred() throws IOException {
        String yaml = """
                sources:
                  - { name: infra, url: file:///srv/git/infra.git }
                providers:
                  - { name: local, type: files, root: /srv/app }
                stacks:
                  - name: web
                    source: infra
                    provider: local
                    sync: { prune: true, maxPrunePercent: %s }
                """;
        assertThat(ConfigLoader.load(write(yaml.formatted("50"))).stacks().get(0).sync())
                .isEqualTo(new SyncPolicy(true, true, false, 50));
        assertThat(ConfigLoader.load(write(yaml.formatted("null"))).stacks().get(0).sync().maxPrunePercent())
                .isEqualTo(30);

        Path file = write(yaml.formatted("150"));
        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(error.problems()).extracting(Problem::toString).containsExactly(file + ":9:43: 'maxPrunePercent'"
                + " in stacks[0].sync must be a whole number from 0 to 100, not '150'");
    }

    @Test
    void readsAStacksIgnoreRulesAndRefusesABadPointerAtItsPosition() throws IOException {
        String yaml = """
                sources:
                  - { name: infra, url: file:///srv/git/infra.git }
                providers:
                  - { name: local, type: files, root: /srv/app }
                stacks:
                  - name: web
                    source: infra
                    provider: local
                    ignore:
                      - { path: %s, kind: Deployment, namespace: web }
                      - { path: "/metadata/annotations/a~1b" }
                """;
        StackConfig stack = ConfigLoader.load(write(yaml.formatted("/spec/replicas"))).stacks().get(0);
        assertThat(stack.ignore()).hasSize(2);
        assertThat(stack.ignore().get(0).pointer()).containsExactly("spec", "replicas");
        assertThat(stack.ignore().get(0).matches("apps", "Deployment", "web", "api")).isTrue();
        assertThat(stack.ignore().get(0).matches("apps", "Deployment", "db", "api")).isFalse();
        assertThat(stack.ignore().get(1).pointer()).containsExactly("metadata", "annotations", "a/b");
        assertThat(stack.ignore().get(1).matches("", "ConfigMap", "", "x")).as("no selector: every resource").isTrue();

        Path file = write(yaml.formatted("spec.replicas"));
        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(error.problems()).extracting(Problem::toString).containsExactly(file + ":10:17: 'path' in"
                + " stacks[0].ignore[0]: 'spec.replicas' is not a JSON pointer to a field; write it like /spec/replicas");
        Path identity = write(yaml.formatted("/metadata/name"));
        assertThat(catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(identity)).problems())
                .extracting(Problem::message).containsExactly("'path' in stacks[0].ignore[0]: '/metadata/name' says"
                        + " which object a resource is; it cannot be ignored");
    }

    @Test
    void readsAProvidersRateLimitAndRefusesABadOneAtItsPosition() throws IOException {
        String yaml = """
                sources:
                  - { name: infra, url: file:///srv/git/infra.git }
                providers:
                  - name: local
                    type: files
                    root: /srv/app
                    rateLimit: %s
                stacks:
                  - { name: web, source: infra, provider: local }
                """;
        ProviderConfig limited = ConfigLoader.load(write(yaml.formatted("{ perSecond: 2.5, burst: 10 }")))
                .providers().get(0);
        assertThat(limited.rateLimit()).contains(new RateLimit(2.5, 10));
        assertThat(limited.settings().values()).as("not a setting of the provider type").doesNotContainKey("rateLimit");
        assertThat(ConfigLoader.load(write(yaml.formatted("{ perSecond: 0.5 }"))).providers().get(0).rateLimit())
                .as("burst defaults to a second's worth, at least one").contains(new RateLimit(0.5, 1));
        assertThat(ConfigLoader.load(write(yaml.formatted("null"))).providers().get(0).rateLimit()).isEmpty();

        Path file = write(yaml.formatted("{ perSecond: fast, burst: 0, qps: 3 }"));
        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(error.problems()).extracting(Problem::toString).containsExactly(
                file + ":7:29: 'perSecond' in providers[0].rateLimit must be a number of calls a second above 0"
                        + " (0.5 is one call every two seconds), not 'fast'",
                file + ":7:42: 'burst' in providers[0].rateLimit must be a whole number of calls from 1, not '0'",
                file + ":7:45: unknown key 'qps' in providers[0].rateLimit (known keys: perSecond, burst)");
    }

    @Test
    void readsTheSecretGrantsAndGrantsNothingWithoutThem() throws IOException {
        String yaml = """
                sources:
                  - { name: infra, url: file:///srv/git/infra.git }
                providers:
                  - { name: local, type: files, root: /srv/app }
                stacks:
                  - { name: web, source: infra, provider: local }
                %s""";
        SecretGrants grants = ConfigLoader.load(write(yaml.formatted(
                "secrets:\n  fileRoots: [./secrets, /etc/plumbline/secrets]\n  env: [DB_PASSWORD, APP_*]\n"))).secrets();
        assertThat(grants.fileRoots()).containsExactly(dir.resolve("secrets"), Path.of("/etc/plumbline/secrets"));
        assertThat(grants.grantsEnv("DB_PASSWORD")).isTrue();
        assertThat(grants.grantsEnv("APP_TOKEN")).isTrue();
        assertThat(grants.grantsEnv("DB_PASSWORD_2")).isFalse();
        assertThat(grants.grantsEnv("HOME")).isFalse();
        assertThat(grants.grantsFile(dir.resolve("secrets/db/pass"))).isTrue();
        assertThat(grants.grantsFile(dir.resolve("secrets"))).as("the root itself is no file").isFalse();
        assertThat(grants.grantsFile(dir.resolve("secrets-other/x"))).isFalse();

        SecretGrants none = ConfigLoader.load(write(yaml.formatted(""))).secrets();
        assertThat(none.fileRoots()).isEmpty();
        assertThat(none.grantsEnv("HOME")).isFalse();

        Path file = write(yaml.formatted("secrets:\n  fileRoots: [/]\n  env: [\"*\", \"A B\"]\n  files: []\n"));
        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(error.problems()).extracting(Problem::message).containsExactly(
                "'fileRoots' in the config.secrets may not grant the whole file system ('/'); name the directory that holds"
                        + " the agent's secrets",
                "'env' in the config.secrets takes environment variable names, or prefixes ending in * (like APP_*), not '*'",
                "'env' in the config.secrets takes environment variable names, or prefixes ending in * (like APP_*), not 'A B'",
                "unknown key 'files' in the config.secrets (known keys: fileRoots, env)");
    }

    @Test
    void reportsEveryProblemAtOnceWithItsLine() throws IOException {
        Path file = fixture("many-problems.yaml");

        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));

        assertThat(error.reason()).isEqualTo("InvalidConfig");
        List<String> lines = error.problems().stream().map(Problem::toString).toList();
        String name = file.toString();
        assertThat(lines).contains(
                name + ":5:15: 'interval' in sources[0]: 'soon' is not a duration; write a number with a unit,"
                        + " like 30s, 5m, 1h30m or 500ms",
                name + ":19:20: 'driftInterval' in stacks[0]: '5' is not a duration; write a number with a unit,"
                        + " like 30s, 5m, 1h30m or 500ms",
                name + ":18:19: 'auto' in stacks[0].sync must be true or false, not 'maybe'",
                name + ":20:5: stacks[1] is missing the required key 'source'");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(name + ":6:5: unknown key 'colour' in sources[0]"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith(name + ":7:5: a source named 'infra' is already defined at line 3"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith(name + ":14:5: stack 'web' names source 'nowhere', which is not defined under sources (defined: infra)"));
        assertThat(lines).hasSize(7);
    }

    @Test
    void resolvesRelativePathsAgainstTheConfigDirectory() throws IOException {
        Path file = write("""
                sources:
                  - name: infra
                    url: ../repos/infra
                providers:
                  - { name: local, type: files, root: out }
                stacks:
                  - { name: web, source: infra, provider: local, path: ./stacks/web/ }
                """);

        AgentConfig config = ConfigLoader.load(file);

        assertThat(config.stateDir()).isEqualTo(dir.resolve(".plumbline"));
        assertThat(config.sources().get(0).url()).isEqualTo(dir.getParent().resolve("repos/infra").toUri().toString());
        assertThat(config.sources().get(0).ref()).isEqualTo("HEAD");
        assertThat(config.stacks().get(0).path()).isEqualTo("stacks/web");
        assertThat(config.stacks().get(0).sync()).isEqualTo(SyncPolicy.defaults());
        assertThat(config.providers().get(0).settings().requiredPath("root", new java.util.ArrayList<>()))
                .contains(dir.resolve("out"));
    }

    @Test
    void rejectsUnknownTopLevelKeysAndBadYaml() throws IOException {
        Path file = write("stacks: []\nsourcs: []\n");
        StalledException unknown = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(unknown.getMessage()).startsWith(file + ":2:1: unknown key 'sourcs' in the config");

        write("sources:\n  - name: a\n   url: x\n");
        StalledException syntax = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(syntax.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(3);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void aMissingFileSaysSo() {
        Path file = dir.resolve("nope.yaml");
        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));
        assertThat(error.getMessage()).isEqualTo(file + ": no such file; pass the agent config with --config");
    }
}
