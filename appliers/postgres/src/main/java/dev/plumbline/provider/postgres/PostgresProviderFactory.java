package dev.plumbline.provider.postgres;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderFactory;
import dev.plumbline.provider.Territory;
import dev.plumbline.provider.credential.CredentialRef;
import dev.plumbline.yaml.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes {@link PostgresProvider}s from config entries:
 *
 * <pre>
 * - name: db
 *   type: postgres
 *   url: jdbc:postgresql://127.0.0.1:5432/postgres
 *   user: plumbline
 *   passwordEnv: PG_PASSWORD     # or passwordFile: secrets/pg-password (relative to the config file)
 *   connectTimeout: 10s          # optional, and so are the rest, with these defaults
 *   lockTimeout: 10s
 *   statementTimeout: 60s
 *   socketTimeout: 70s           # statementTimeout + 10s unless set; must be longer than statementTimeout
 * </pre>
 *
 * At most one of {@code passwordEnv} and {@code passwordFile}; neither means the server does not ask for
 * one (trust, peer or certificate authentication). The password is read when connecting, not here, and
 * the server is not contacted until the provider is first used. The timeouts are described on
 * {@link Timeouts}.
 */
public final class PostgresProviderFactory implements ProviderFactory {

    private static final Set<String> KEYS = Set.of("url", "user", "passwordEnv", "passwordFile", "connectTimeout",
            "lockTimeout", "statementTimeout", "socketTimeout");

    private final Function<String, String> environment;

    public PostgresProviderFactory() {
        this(System::getenv);
    }

    /** A factory reading {@code passwordEnv} from {@code environment} (tests hand in their own). */
    public PostgresProviderFactory(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String type() {
        return PostgresProvider.TYPE;
    }

    @Override
    public Optional<Provider> create(ProviderConfig config, Map<String, String> environment, List<Problem> problems) {
        return new PostgresProviderFactory(environment::get).create(config, problems);
    }

    @Override
    public Optional<Provider> create(ProviderConfig config, List<Problem> problems) {
        int before = problems.size();
        Settings settings = config.settings();
        settings.checkKnown(KEYS, problems);
        Optional<String> url = settings.requiredString("url", problems);
        url.ifPresent(text -> {
            try {
                JdbcUrl.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(settings.location("url"), "provider '" + config.name() + "': "
                        + e.getMessage()));
            }
        });
        Optional<String> user = settings.requiredString("user", problems);
        CredentialRef password = CredentialRef.fromSettings(config, "passwordEnv", "passwordFile",
                "the PostgreSQL password", environment, problems);
        Optional<Timeouts> timeouts = timeouts(config, problems);
        if (url.isEmpty() || user.isEmpty() || timeouts.isEmpty() || problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new PostgresProvider(config.name(),
                new ConnectionSettings(url.get(), user.get(), password, timeouts.get())));
    }

    /** The role on the server: one role on one server is one provider's (the same hosts, the same user). */
    @Override
    public Optional<Territory> territory(ProviderConfig config) {
        List<Problem> ignored = new java.util.ArrayList<>();
        Optional<String> user = config.settings().requiredString("user", ignored);
        return config.settings().requiredString("url", ignored).flatMap(url -> {
            try {
                return Optional.of(JdbcUrl.parse(url));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }).flatMap(url -> user.map(role -> new Territory(PostgresProvider.TYPE, java.util.Arrays.stream(
                url.hosts().toLowerCase(java.util.Locale.ROOT).split(",")).map(host -> host.contains(":") ? host
                : host + ":5432").collect(java.util.stream.Collectors.toSet()), role, false,
                "role " + role + " on " + url.hosts())));
    }

    /** The four timeouts, each at its default when not set; empty when one is wrong (and said so). */
    private static Optional<Timeouts> timeouts(ProviderConfig config, List<Problem> problems) {
        int before = problems.size();
        Duration connect = duration(config, "connectTimeout", problems).orElse(Timeouts.DEFAULT_CONNECT);
        Duration lock = duration(config, "lockTimeout", problems).orElse(Timeouts.DEFAULT_LOCK);
        Duration statement = duration(config, "statementTimeout", problems).orElse(Timeouts.DEFAULT_STATEMENT);
        Optional<Duration> socket = duration(config, "socketTimeout", problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(Timeouts.of(connect, lock, statement, socket));
        } catch (IllegalArgumentException e) {
            Settings settings = config.settings();
            problems.add(Problem.at(settings.location(settings.values().containsKey("socketTimeout") ? "socketTimeout"
                    : "statementTimeout"), "provider '" + config.name() + "': " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<Duration> duration(ProviderConfig config, String key, List<Problem> problems) {
        Settings settings = config.settings();
        return settings.string(key, problems).flatMap(text -> {
            try {
                return Optional.of(Durations.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(settings.location(key), key + " of provider '" + config.name() + "': "
                        + e.getMessage()));
                return Optional.empty();
            }
        });
    }
}
