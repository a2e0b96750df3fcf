package dev.plumbline.agent.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.SourceMap;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.TransientException;
import dev.plumbline.yaml.FieldPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    @TempDir
    Path dir;

    private static Resource withContent(Object content) {
        return new Resource(new ResourceKey("local", "files.plumbline.dev", "File", "", "conf"),
                "files.plumbline.dev/v1", Map.of("spec", Map.of("path", "conf", "content", content,
                "list", List.of(content))),
                new SourceMap(Location.of("stacks/web/conf.yaml", 1, 1),
                        Map.of(FieldPath.of("spec", "content"), Location.of("stacks/web/conf.yaml", 6, 12))));
    }

    @Test
    void resolvesEnvironmentAndFileReferencesIntoSecretsAndUndoesEscapes() throws IOException {
        Files.writeString(dir.resolve("key.txt"), "from-a-file\n");
        EnvironmentSecrets resolver = new EnvironmentSecrets(Map.of("DB_PASS", "from-env"), dir);
        Resource resource = withContent(new SecretTemplate("p=${secret:env:DB_PASS} k=${secret:file:key.txt} $${x}"));

        Resource resolved = resolver.resolve(List.of(resource)).get(0);

        assertThat(resolved.spec().get("content")).isEqualTo(new Sensitive("p=from-env k=from-a-file ${x}"));
        assertThat(((List<?>) resolved.spec().get("list")).get(0)).isInstanceOf(Sensitive.class);
        assertThat(resolved.spec()).containsEntry("path", "conf");
        assertThat(resolved.location()).isEqualTo(resource.location());
    }

    @Test
    void aSecretThatCannotBeReadIsNamedAtItsPositionWithoutAnyValue() {
        EnvironmentSecrets resolver = new EnvironmentSecrets(Map.of("OTHER", "x"), dir);

        TransientException error = catchThrowableOfType(TransientException.class, () -> resolver.resolve(List.of(
                withContent(new SecretTemplate("${secret:env:DB_PASS}")),
                withContent(new SecretTemplate("${secret:file:missing.txt}")))));

        assertThat(error.reason()).isEqualTo("SecretUnavailable");
        assertThat(error.getMessage()).contains(
                "stacks/web/conf.yaml:6:12: the secret in environment variable DB_PASS is not set for the agent",
                "stacks/web/conf.yaml:6:12: the secret file " + dir.resolve("missing.txt") + " cannot be read");
    }
}
