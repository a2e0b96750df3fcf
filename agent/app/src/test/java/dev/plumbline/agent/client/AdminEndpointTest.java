package dev.plumbline.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminEndpointTest {

    @TempDir
    Path dir;

    @Test
    void theOptionBeatsTheEnvironmentWhichBeatsTheDefault() {
        Map<String, String> env = Map.of("PLUMBLINE_SERVER", "https://agent.example.org:7443");

        assertThat(AdminEndpoint.resolve("http://10.0.0.1:7070", null, env).server())
                .isEqualTo(URI.create("http://10.0.0.1:7070"));
        assertThat(AdminEndpoint.resolve(null, null, env).server())
                .isEqualTo(URI.create("https://agent.example.org:7443"));
        assertThat(AdminEndpoint.resolve(null, null, Map.of()).server())
                .isEqualTo(URI.create("http://127.0.0.1:7070"));
    }

    @Test
    void theTokenFileIsTrimmedAndBeatsTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  from-file\n");
        Map<String, String> env = Map.of("PLUMBLINE_TOKEN", "from-env");

        assertThat(AdminEndpoint.resolve(null, file, env).token()).contains("from-file");
        assertThat(AdminEndpoint.resolve(null, null, env).token()).contains("from-env");
        assertThat(AdminEndpoint.resolve(null, null, Map.of("PLUMBLINE_TOKEN", " ")).token()).isEmpty();
    }

    @Test
    void aMissingOrEmptyTokenFileIsSaidPlainly() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> AdminEndpoint.resolve(null, dir.resolve("nope"), Map.of()))
                .isInstanceOf(StalledException.class)
                .hasMessage("the token file " + dir.resolve("nope") + " does not exist");
        assertThatThrownBy(() -> AdminEndpoint.resolve(null, empty, Map.of()))
                .hasMessage("the token file " + empty + " is empty");
    }

    @Test
    void onlyHttpAndHttpsUrlsAreServers() {
        for (String bad : new String[] {"127.0.0.1:7070", "ftp://host", "http://", "http://host/?x=1"}) {
            assertThatThrownBy(() -> AdminEndpoint.resolve(bad, null, Map.of()))
                    .as(bad).isInstanceOf(StalledException.class)
                    .hasMessageContaining("is not an http:// or https:// URL");
        }
    }

    @Test
    void pathsKeepAServerPrefixAndTheTokenNeverPrints() {
        AdminEndpoint endpoint = new AdminEndpoint(URI.create("https://gw.example.org/plumbline/"),
                Optional.of("s3cret"));

        assertThat(endpoint.resolve("/api/v1/stacks"))
                .isEqualTo(URI.create("https://gw.example.org/plumbline/api/v1/stacks"));
        assertThat(endpoint.display()).isEqualTo("https://gw.example.org/plumbline");
        assertThat(endpoint.toString()).doesNotContain("s3cret").contains("(set)");
    }
}
