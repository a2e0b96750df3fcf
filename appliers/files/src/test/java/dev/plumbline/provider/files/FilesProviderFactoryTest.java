package dev.plumbline.provider.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Making a files provider from its config entry: settings checked, nothing on disk touched. */
class FilesProviderFactoryTest {

    private static final String CONFIG = "plumbline.yaml";

    @TempDir
    Path dir;

    @Test
    void aRelativeRootResolvesAgainstTheConfigDirectoryAndIsNotCreated() {
        List<Problem> problems = new ArrayList<>();

        Optional<Provider> provider = new FilesProviderFactory().create(config(Map.of("root", "app-config")), problems);

        assertThat(problems).isEmpty();
        assertThat(provider).containsInstanceOf(FilesProvider.class);
        assertThat(((FilesProvider) provider.orElseThrow()).root()).isEqualTo(dir.resolve("app-config"));
        assertThat(provider.get().name()).isEqualTo("local");
        assertThat(provider.get().serves("files.plumbline.dev", "File")).isTrue();
        assertThat(provider.get().serves("postgres.plumbline.dev", "File")).isFalse();
        assertThat(provider.get().served()).isEqualTo("files.plumbline.dev");
        assertThat(dir.resolve("app-config")).doesNotExist();
    }

    @Test
    void reportsUnknownKeysAndAMissingRootAtTheirLines() {
        List<Problem> problems = new ArrayList<>();
        problems.add(Problem.at(Location.file("elsewhere.yaml"), "someone else's problem"));

        Optional<Provider> provider = new FilesProviderFactory().create(config(Map.of("rooot", "/srv")), problems);

        assertThat(provider).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "elsewhere.yaml: someone else's problem",
                CONFIG + ":6:11: unknown key 'rooot' in provider 'local' (known keys: name, type, root)",
                CONFIG + ":5:5: provider 'local' needs 'root'");
    }

    @Test
    void aRootThatIsAFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        List<Problem> problems = new ArrayList<>();

        Optional<Provider> provider = new FilesProviderFactory().create(config(Map.of("root", "not-a-dir")), problems);

        assertThat(provider).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactly(CONFIG + ":6:11: root "
                + dir.resolve("not-a-dir") + " of provider 'local' exists but is not a directory");
    }

    @Test
    void theFactoryIsFoundThroughTheServiceLoader() {
        try (Providers providers = Providers.create(List.of(config(Map.of("root", "app-config"))))) {
            assertThat(providers.require("local").type()).isEqualTo("files");
        }
        StalledException unknown = catchThrowableOfType(StalledException.class, () -> Providers.create(List.of(
                new ProviderConfig("x", "nope", settings(Map.of()), Location.of(CONFIG, 9, 5)))));
        // only this module's factory is on its class path; the agent's tests see every provider type
        assertThat(unknown.getMessage()).contains("which is not known (known types: files)");
    }

    private ProviderConfig config(Map<String, Object> values) {
        return new ProviderConfig("local", "files", settings(values), Location.of(CONFIG, 5, 5));
    }

    /** Settings as the config loader makes them: the entry at line 5, each value on its own line after it. */
    private Settings settings(Map<String, Object> values) {
        Map<String, Location> locations = new LinkedHashMap<>();
        int line = 6;
        for (String key : values.keySet()) {
            locations.put(key, Location.of(CONFIG, line++, 11));
        }
        return new Settings("provider 'local'", values, locations, Location.of(CONFIG, 5, 5), dir);
    }
}
