package dev.plumbline.config;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check of everything a loaded config refers to outside itself, made by {@code plumbline validate} and
 * by the agent before it opens anything: each admin token's {@code tokenEnv}/{@code tokenFile}, each
 * source's webhook {@code secretEnv}/{@code secretFile} and Git host {@code tokenEnv}/{@code tokenFile}, each
 * notification's {@code urlEnv}/{@code urlFile}, and each provider's credential settings (a pair
 * {@code <name>Env}/{@code <name>File}, like the postgres provider's {@code passwordEnv}/{@code passwordFile},
 * read as {@code CredentialRef.fromSettings} reads them) must name a variable that is set or a file that can
 * be read and is not empty. Checks that need more than this module (the TLS files, binding the admin port)
 * come in as {@link Check}s. Every problem is reported at once, at the key that names the missing thing, in
 * the order of the file.
 */
public final class Preflight {

    /** A check a caller adds; it reports into {@code problems}. */
    @FunctionalInterface
    public interface Check {
        void check(AgentConfig config, Map<String, String> environment, List<Problem> problems);
    }

    /** A provider setting naming a credential: {@code passwordEnv}, {@code passwordFile}. */
    private static final Pattern CREDENTIAL = Pattern.compile("([a-z][A-Za-z0-9]*)(Env|File)");

    private Preflight() {
    }

    /** Every problem of the config's references and of {@code more}, in file order; empty when all is there. */
    public static List<Problem> problems(AgentConfig config, Map<String, String> environment, Check... more) {
        List<Problem> problems = new ArrayList<>();
        for (AdminConfig.Token token : config.admin().tokens()) {
            token.secret().ifPresent(secret -> secret.resolve(environment, what(token), problems));
        }
        for (SourceConfig source : config.sources()) {
            source.webhookSecret().ifPresent(secret -> secret.resolve(environment, what(source), problems));
            source.host().ifPresent(host -> host.token().resolve(environment, "the Git host API token of source '"
                    + source.name() + "'", problems));
        }
        for (NotificationConfig notification : config.notifications()) {
            notification.urlSecret().ifPresent(secret -> secret.resolve(environment, "the URL of notification '"
                    + notification.name() + "'", problems));
        }
        for (ProviderConfig provider : config.providers()) {
            credentials(provider, environment, problems);
        }
        for (Check check : more) {
            check.check(config, environment, problems);
        }
        return inFileOrder(problems);
    }

    /** As {@link #problems}, throwing {@link #refusal} when there is any. */
    public static void require(AgentConfig config, Map<String, String> environment, Check... more) {
        List<Problem> problems = problems(config, environment, more);
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
    }

    /** The failure that stops a start: every problem, in file order (reason {@code InvalidConfig}). */
    public static StalledException refusal(List<Problem> problems) {
        return new StalledException(Reasons.INVALID_CONFIG, inFileOrder(problems));
    }

    /** What a token's secret is for, as problems name it: {@code admin token 'dash'}. */
    public static String what(AdminConfig.Token token) {
        return "admin token '" + token.name() + "'";
    }

    /** What a source's webhook secret is for: {@code webhook secret of source 'infra'}. */
    public static String what(SourceConfig source) {
        return "webhook secret of source '" + source.name() + "'";
    }

    /**
     * The provider's {@code <name>Env} or {@code <name>File} settings. One given twice, or not as a single
     * value, is left to the provider, which reports it with its settings.
     */
    private static void credentials(ProviderConfig provider, Map<String, String> environment, List<Problem> problems) {
        Settings settings = provider.settings();
        Map<String, List<String>> keysByName = new LinkedHashMap<>();
        for (String key : settings.values().keySet()) {
            Matcher matcher = CREDENTIAL.matcher(key);
            if (matcher.matches()) {
                keysByName.computeIfAbsent(matcher.group(1), name -> new ArrayList<>()).add(key);
            }
        }
        keysByName.forEach((name, keys) -> {
            String key = keys.get(0);
            Object value = settings.values().get(key);
            if (keys.size() != 1 || value == null || value instanceof Map || value instanceof List
                    || String.valueOf(value).isBlank()) {
                return;
            }
            String text = String.valueOf(value).strip();
            SecretRef reference = key.endsWith("Env") ? SecretRef.env(text, settings.location(key))
                    : SecretRef.file(settings.baseDir().resolve(text).normalize(), settings.location(key));
            reference.resolve(environment, "the " + name + " of provider '" + provider.name() + "'", problems);
        });
    }

    /** By file (in the order first seen), then line and column; the same problem once. */
    private static List<Problem> inFileOrder(List<Problem> problems) {
        Map<String, Integer> files = new HashMap<>();
        problems.forEach(problem -> files.putIfAbsent(problem.location().file(), files.size()));
        Comparator<Location> order = Comparator.<Location>comparingInt(location -> files.get(location.file()))
                .thenComparingInt(Location::line).thenComparingInt(Location::column);
        return problems.stream().distinct().sorted(Comparator.comparing(Problem::location, order)).toList();
    }
}
