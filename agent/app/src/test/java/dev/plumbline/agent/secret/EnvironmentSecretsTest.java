package dev.plumbline.agent.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.SecretGrants;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.SourceMap;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.yaml.FieldPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret references: resolved only where the agent config grants them, and never named by their paths. */
class EnvironmentSecretsTest {

    @TempDir
    Path dir;

    private Path secrets;

    @BeforeEach
    void grantedDirectory() throws IOException {
        secrets = Files.createDirectories(dir.resolve("secrets"));
    }

    private SecretGrants grants(List<String> env) {
        return new SecretGrants(List.of(secrets), env, Location.of("plumbline.yaml", 1, 1));
    }

    private static Resource withContent(Object content) {
        return new Resource(new ResourceKey("local", "files.plumbline.dev", "File", "", "conf"),
                "files.plumbline.dev/v1", Map.of("spec", Map.of("path", "conf", "content", content,
                "list", List.of(content))),
                new SourceMap(Location.of("stacks/web/conf.yaml", 1, 1),
                        Map.of(FieldPath.of("spec", "content"), Location.of("stacks/web/conf.yaml", 6, 12))));
    }

    /** A resource with the value once, at a known position. */
    private static Resource at612(Object content) {
        return new Resource(new ResourceKey("local", "files.plumbline.dev", "File", "", "conf"),
                "files.plumbline.dev/v1", Map.of("spec", Map.of("path", "conf", "content", content)),
                new SourceMap(Location.of("stacks/web/conf.yaml", 1, 1),
                        Map.of(FieldPath.of("spec", "content"), Location.of("stacks/web/conf.yaml", 6, 12))));
    }

    @Test
    void resolvesGrantedEnvironmentAndFileReferencesIntoSecretsAndUndoesEscapes() throws IOException {
        Files.writeString(secrets.resolve("key.txt"), "from-a-file\r\n");
        Files.writeString(secrets.resolve("two.txt"), "two lines\n\n");
        EnvironmentSecrets resolver = new EnvironmentSecrets(Map.of("DB_PASS", "from-env", "APP_TOKEN", "t"), dir,
                grants(List.of("DB_PASS", "APP_*")));
        Resource resource = withContent(new SecretTemplate("p=${secret:env:DB_PASS} k=${secret:file:secrets/key.txt}"
                + " a=${secret:env:APP_TOKEN} t=${secret:file:secrets/two.txt} $${x}"));

        assertThat(resolver.check(List.of(resource))).isEmpty();
        Resource resolved = resolver.resolve(List.of(resource)).get(0);

        assertThat(resolved.spec().get("content")).as("one trailing newline, \\n or \\r\\n, is dropped")
                .isEqualTo(new Sensitive("p=from-env k=from-a-file a=t t=two lines\n ${x}"));
        assertThat(((List<?>) resolved.spec().get("list")).get(0)).isInstanceOf(Sensitive.class);
        assertThat(resolved.spec()).containsEntry("path", "conf");
        assertThat(resolved.location()).isEqualTo(resource.location());
    }

    @Test
    void nothingGrantedRefusesEveryReferenceAtItsPositionNamingWhatToGrant() throws IOException {
        Files.writeString(dir.resolve("outside.txt"), "x");
        EnvironmentSecrets resolver = new EnvironmentSecrets(Map.of("HOME", "/root"), dir,
                SecretGrants.none(Location.of("plumbline.yaml", 1, 1)));
        List<Resource> resources = List.of(at612(new SecretTemplate("${secret:env:HOME}")),
                at612(new SecretTemplate("${secret:file:outside.txt}")));

        assertThat(resolver.check(resources)).extracting(Problem::toString).containsExactly(
                "stacks/web/conf.yaml:6:12: the secret reference ${secret:env:HOME} is not granted: the agent"
                        + " config's secrets.env must list HOME (or a prefix of it ending in *)",
                "stacks/web/conf.yaml:6:12: the secret reference ${secret:file:outside.txt} is not granted: it must"
                        + " name a file below a directory of the agent config's secrets.fileRoots");
        StalledException refused = catchThrowableOfType(StalledException.class, () -> resolver.resolve(resources));
        assertThat(refused.problems()).hasSize(2);
    }

    @Test
    void aFileReferenceCannotClimbOutOrLeaveThroughALinkAndNoMessageNamesAPath() throws IOException {
        Files.writeString(dir.resolve("agent-token"), "operator-secret");
        Files.createSymbolicLink(secrets.resolve("link"), dir.resolve("agent-token"));
        Files.createSymbolicLink(secrets.resolve("inside-link"), Files.writeString(secrets.resolve("real"), "ok"));
        EnvironmentSecrets resolver = new EnvironmentSecrets(Map.of(), dir, grants(List.of()));

        assertThat(resolver.check(List.of(at612(new SecretTemplate("${secret:file:secrets/../agent-token}")),
                at612(new SecretTemplate("${secret:file:" + dir.resolve("agent-token") + "}")))))
                .extracting(Problem::message).containsExactly(
                        "the secret reference ${secret:file:secrets/../agent-token} may not contain '..'; name the"
                                + " file below a directory of the agent config's secrets.fileRoots",
                        "the secret reference ${secret:file:" + dir.resolve("agent-token") + "} is not granted: it"
                                + " must name a file below a directory of the agent config's secrets.fileRoots");

        TransientException unreadable = catchThrowableOfType(TransientException.class, () -> resolver.resolve(List.of(
                at612(new SecretTemplate("${secret:file:secrets/link}")),
                at612(new SecretTemplate("${secret:file:secrets/missing}")))));
        assertThat(unreadable.reason()).isEqualTo("SecretUnavailable");
        assertThat(unreadable.getMessage()).contains(
                "stacks/web/conf.yaml:6:12: the secret ${secret:file:secrets/link} cannot be read",
                "stacks/web/conf.yaml:6:12: the secret ${secret:file:secrets/missing} cannot be read")
                .doesNotContain(dir.toString()).doesNotContain("operator-secret").doesNotContain("NoSuchFile");
        assertThat(resolver.resolve(List.of(at612(new SecretTemplate("${secret:file:secrets/inside-link}"))))
                .get(0).spec().get("content")).as("a link that stays below the root is followed")
                .isEqualTo(new Sensitive("ok"));
    }

    @Test
    void aGrantedVariableThatIsNotSetIsTransientAndNamedWithoutAValue() {
        EnvironmentSecrets resolver = new EnvironmentSecrets(Map.of("OTHER", "x"), dir, grants(List.of("DB_PASS")));

        TransientException error = catchThrowableOfType(TransientException.class, () -> resolver.resolve(List.of(
                at612(new SecretTemplate("${secret:env:DB_PASS}")))));

        assertThat(error.getMessage()).isEqualTo("stacks/web/conf.yaml:6:12: the secret ${secret:env:DB_PASS} is"
                + " not set in the agent's environment");
    }
}
