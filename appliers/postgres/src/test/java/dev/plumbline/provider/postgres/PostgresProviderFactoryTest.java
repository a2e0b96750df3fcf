package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.Providers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Provider settings as the config gives them: checked at their lines, without reaching the server. */
class PostgresProviderFactoryTest {

    private static final String CONFIG = "/etc/plumbline/plumbline.yaml";

    private static ProviderConfig config(Map<String, Object> values) {
        Map<String, Location> locations = new LinkedHashMap<>();
        int line = 6;
        for (String key : values.keySet()) {
            locations.put(key, Location.of(CONFIG, line++, 5));
        }
        return new ProviderConfig("db", "postgres", new Settings("provider 'db'", values, locations,
                Location.of(CONFIG, 4, 5), Path.of("/etc/plumbline")), Location.of(CONFIG, 4, 5));
    }

    @Test
    void makesAProviderFromGoodSettings() {
        List<Problem> problems = new ArrayList<>();
        Optional<Provider> provider = new PostgresProviderFactory(name -> null).create(config(Map.of(
                "url", "jdbc:postgresql://127.0.0.1:5432/postgres", "user", "plumbline", "passwordEnv", "PG_PASSWORD",
                "connectTimeout", "5s")), problems);

        assertThat(problems).isEmpty();
        assertThat(provider).hasValueSatisfying(made -> {
            assertThat(made.type()).isEqualTo("postgres");
            assertThat(made.serves("postgres.plumbline.dev", "Role")).isTrue();
            assertThat(made.serves("etcd.plumbline.dev", "Role")).isFalse();
            assertThat(made.served()).isEqualTo("postgres.plumbline.dev");
            made.close();
        });
    }

    @Test
    void reportsEverySettingsProblemAtItsLine() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", "jdbc:postgresql://db:5432/postgres?password=hunter2");
        values.put("passwordEnv", "PG_PASSWORD");
        values.put("passwordFile", "secrets/pg");
        values.put("connectTimeout", "soon");
        values.put("database", "app");
        List<Problem> problems = new ArrayList<>();

        Optional<Provider> provider = new PostgresProviderFactory().create(config(values), problems);

        assertThat(provider).isEmpty();
        assertThat(problems).extracting(Problem::toString).containsExactlyInAnyOrder(
                CONFIG + ":10:5: unknown key 'database' in provider 'db' (known keys: name, type, connectTimeout,"
                        + " lockTimeout, passwordEnv, passwordFile, socketTimeout, statementTimeout, url, user)",
                CONFIG + ":6:5: provider 'db': url must not carry the password; set it with passwordEnv or"
                        + " passwordFile instead",
                CONFIG + ":4:5: provider 'db' needs 'user'",
                CONFIG + ":8:5: provider 'db' has both passwordEnv and passwordFile; keep one of them",
                CONFIG + ":9:5: connectTimeout of provider 'db': 'soon' is not a duration; write a number with a"
                        + " unit, like 30s, 5m, 1h30m or 500ms");
        assertThat(problems.toString()).doesNotContain("hunter2");
    }

    @Test
    void readsTheTimeoutsWithTheirDefaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        values.put("user", "plumbline");
        values.put("lockTimeout", "2s");
        values.put("statementTimeout", "5m");
        List<Problem> problems = new ArrayList<>();

        Optional<Provider> provider = new PostgresProviderFactory(name -> null).create(config(values), problems);

        assertThat(problems).isEmpty();
        assertThat(provider).containsInstanceOf(PostgresProvider.class);
        assertThat(((PostgresProvider) provider.orElseThrow()).settings().timeouts()).isEqualTo(new Timeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(310)));
        provider.ifPresent(Provider::close);
        assertThat(Timeouts.defaults()).isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(70)));
    }

    @Test
    void aWrongTimeoutIsAProblemAtItsLine() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        values.put("user", "plumbline");
        values.put("lockTimeout", "a while");
        values.put("statementTimeout", "2m");
        values.put("socketTimeout", "1m");
        List<Problem> wrong = new ArrayList<>();
        List<Problem> tooShort = new ArrayList<>();

        new PostgresProviderFactory(name -> null).create(config(values), wrong);
        values.put("lockTimeout", "5s");
        Optional<Provider> provider = new PostgresProviderFactory(name -> null).create(config(values), tooShort);

        assertThat(wrong).extracting(Problem::toString).containsExactly(CONFIG + ":8:5: lockTimeout of provider"
                + " 'db': 'a while' is not a duration; write a number with a unit, like 30s, 5m, 1h30m or 500ms");
        assertThat(provider).isEmpty();
        assertThat(tooShort).extracting(Problem::toString).containsExactly(CONFIG + ":10:5: provider 'db':"
                + " socketTimeout (1m) must be longer than statementTimeout (2m), so that PostgreSQL cancels a slow"
                + " statement before the connection is given up");
    }

    @Test
    void readsThePasswordWhenConnectingAndSaysWhereItWasMissing() {
        Provider provider = new PostgresProviderFactory(name -> null).create(config(Map.of(
                "url", "jdbc:postgresql://127.0.0.1:1/postgres", "user", "plumbline", "passwordEnv", "PG_PASSWORD")),
                new ArrayList<>()).orElseThrow();

        assertThatThrownBy(() -> provider.observe(new dev.plumbline.provider.StackScope("web"), List.of(), List.of()))
                .isInstanceOf(TransientException.class)
                .hasMessage("the PostgreSQL password in environment variable PG_PASSWORD is not set for the agent");
        provider.close();
    }

    @Test
    void isFoundByTheServiceLoader() {
        try (Providers providers = Providers.create(List.of(config(Map.of(
                "url", "jdbc:postgresql://127.0.0.1:5432/postgres", "user", "plumbline"))))) {
            assertThat(providers.require("db")).isInstanceOf(PostgresProvider.class);
        }
        assertThatThrownBy(() -> Providers.create(List.of(config(Map.of("user", "plumbline")))))
                .isInstanceOf(StalledException.class).hasMessageContaining("provider 'db' needs 'url'");
    }
}
