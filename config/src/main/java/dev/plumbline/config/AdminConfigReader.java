package dev.plumbline.config;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.Durations;
import dev.plumbline.yaml.MappingReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code admin:} section and the credential references ({@code tokenEnv}/{@code tokenFile},
 * {@code secretEnv}/{@code secretFile}) of the config, reporting every problem with its line.
 */
final class AdminConfigReader {

    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^:\\s]+):(\\d{1,5})");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(KiB|MiB)?");
    /** Days in front of an ordinary duration: {@code 90d}, {@code 1d12h}, or no days: {@code 36h}. */
    private static final Pattern DAYS = Pattern.compile("(?:(\\d{1,5})d)?(.*)");

    private final Path baseDir;
    private final List<Problem> problems;

    AdminConfigReader(Path baseDir, List<Problem> problems) {
        this.baseDir = baseDir;
        this.problems = problems;
    }

    AdminConfig read(MappingReader admin) {
        AdminConfig defaults = AdminConfig.defaults(admin.location());
        String host = defaults.host();
        int port = defaults.port();
        Optional<String> listen = admin.string("listen");
        if (listen.isPresent()) {
            Matcher matcher = LISTEN.matcher(listen.get().strip());
            if (matcher.matches() && Integer.parseInt(matcher.group(2)) <= 65535) {
                host = matcher.group(1).replaceAll("^\\[|\\]$", "");
                port = Integer.parseInt(matcher.group(2));
            } else {
                admin.problem("listen", "'listen' in admin must be host:port, like 127.0.0.1:7070 (port 0 picks a"
                        + " free one), not '" + listen.get() + "'");
            }
        }
        Optional<AdminConfig.Tls> tls = admin.mapping("tls").flatMap(this::tls);
        List<AdminConfig.Token> tokens = new ArrayList<>();
        List<Node> items = admin.sequence("tokens");
        for (int i = 0; i < items.size(); i++) {
            MappingReader.of(admin.file(), "admin.tokens[" + i + "]", items.get(i), problems)
                    .flatMap(this::token).ifPresent(tokens::add);
        }
        Map<String, Location> names = new HashMap<>();
        for (AdminConfig.Token token : tokens) {
            Location first = names.putIfAbsent(token.name(), token.location());
            if (first != null) {
                problems.add(Problem.at(token.location(), "a token named '" + token.name()
                        + "' is already defined at line " + first.line()));
            }
        }
        boolean metricsRequireToken = admin.bool("metricsRequireToken").orElse(false);
        long maxWebhookBytes = admin.string("maxWebhookBytes").flatMap(text -> size(admin, text))
                .orElse(defaults.maxWebhookBytes());
        boolean allowInsecure = admin.bool("allowInsecure").orElse(false);
        RateLimit failedAuthLimit = admin.mapping("failedAuthLimit").flatMap(this::failedAuthLimit)
                .orElse(AdminConfig.DEFAULT_FAILED_AUTH_LIMIT);
        AdminConfig.Retention retention = admin.mapping("retention").map(this::retention)
                .orElse(AdminConfig.Retention.DEFAULTS);
        admin.finish();
        AdminConfig config = new AdminConfig(host, port, tls, tokens, metricsRequireToken, maxWebhookBytes,
                allowInsecure, failedAuthLimit, retention, admin.location(), admin.location("listen"));
        if (config.insecure() && !allowInsecure) {
            admin.problem("listen", "admin.listen " + config.listen() + " is not a loopback address and admin.tls is"
                    + " not set: tokens and webhook bodies would cross the network unencrypted; set admin.tls, listen"
                    + " on 127.0.0.1, or set admin.allowInsecure: true (behind a proxy that terminates TLS)");
        }
        return config;
    }

    /** {@code webhook: { secretEnv: NAME }} or {@code { secretFile: PATH }}. */
    Optional<SecretRef> webhook(MappingReader webhook) {
        Optional<SecretRef> secret = secretRef(webhook, "secretEnv", "secretFile");
        if (secret.isEmpty() && !webhook.has("secretEnv") && !webhook.has("secretFile")) {
            problems.add(Problem.at(webhook.location(), webhook.where()
                    + " needs the secret its pushes are signed with: secretEnv or secretFile"));
        }
        webhook.finish();
        return secret;
    }

    private Optional<AdminConfig.Tls> tls(MappingReader tls) {
        Optional<Path> cert = tls.requiredString("certFile").map(f -> baseDir.resolve(f).normalize());
        Optional<Path> key = tls.requiredString("keyFile").map(f -> baseDir.resolve(f).normalize());
        tls.finish();
        return cert.isPresent() && key.isPresent() ? Optional.of(new AdminConfig.Tls(cert.get(), key.get(),
                tls.location("certFile"), tls.location("keyFile"))) : Optional.empty();
    }

    private Optional<AdminConfig.Token> token(MappingReader token) {
        Optional<String> name = token.requiredString("name");
        Optional<AdminConfig.Role> role = token.requiredString("role").flatMap(text -> {
            try {
                return Optional.of(AdminConfig.Role.valueOf(text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                token.problem("role", "'role' in " + token.where() + " must be viewer or operator, not '" + text + "'");
                return Optional.empty();
            }
        });
        Optional<String> sha256 = token.string("sha256");
        if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
            token.problem("sha256", "'sha256' in " + token.where() + " must be the 64 hex digits of the token's"
                    + " SHA-256 (sha256sum prints them)");
            sha256 = Optional.empty();
        }
        Optional<SecretRef> secret = secretRef(token, "tokenEnv", "tokenFile");
        int given = (token.has("sha256") ? 1 : 0) + (token.has("tokenEnv") ? 1 : 0) + (token.has("tokenFile") ? 1 : 0);
        boolean bothReferences = token.has("tokenEnv") && token.has("tokenFile") && !token.has("sha256");
        if (given != 1 && !bothReferences) { // both references: secretRef reported it already
            problems.add(Problem.at(token.location(), token.where() + " needs exactly one of sha256, tokenEnv or"
                    + " tokenFile"));
        }
        token.finish();
        if (name.isEmpty() || role.isEmpty() || given != 1 || (sha256.isEmpty() && secret.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new AdminConfig.Token(name.get(), role.get(), sha256.map(s -> s.toLowerCase(Locale.ROOT)),
                secret, token.location()));
    }

    Optional<SecretRef> secretRef(MappingReader reader, String envKey, String fileKey) {
        Optional<SecretRef> env = reader.string(envKey).map(v -> SecretRef.env(v, reader.location(envKey)));
        Optional<SecretRef> file = reader.string(fileKey)
                .map(f -> SecretRef.file(baseDir.resolve(f).normalize(), reader.location(fileKey)));
        if (env.isPresent() && file.isPresent()) {
            reader.problem(fileKey, reader.where() + " takes " + envKey + " or " + fileKey + ", not both");
            return Optional.empty();
        }
        return env.isPresent() ? env : file;
    }

    /** {@code failedAuthLimit: { perSecond: 0.2, burst: 10 }}, as a provider's {@code rateLimit}. */
    private Optional<RateLimit> failedAuthLimit(MappingReader limit) {
        RateLimit defaults = AdminConfig.DEFAULT_FAILED_AUTH_LIMIT;
        Optional<Double> perSecond = limit.string("perSecond").flatMap(text -> {
            try {
                double value = Double.parseDouble(text);
                if (value > 0 && value <= 1_000_000) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            limit.problem("perSecond", "'perSecond' in " + where(limit) + " must be a number of failures a second"
                    + " above 0 (0.2 is one every five seconds), not '" + text + "'");
            return Optional.empty();
        });
        Optional<Integer> burst = limit.string("burst").flatMap(text -> whole(limit, "burst", text, 1_000_000));
        boolean bad = (limit.has("perSecond") && perSecond.isEmpty()) || (limit.has("burst") && burst.isEmpty());
        limit.finish();
        return bad ? Optional.empty() : Optional.of(new RateLimit(perSecond.orElse(defaults.perSecond()),
                burst.orElse(defaults.burst())));
    }

    /**
     * {@code retention: { interval, audit: { maxAge, maxEntries }, history: { maxAge, maxRunsPerStack },
     * webhookDeliveries: { maxAge, maxEntries } }}, each key defaulting on its own.
     */
    private AdminConfig.Retention retention(MappingReader retention) {
        AdminConfig.Retention defaults = AdminConfig.Retention.DEFAULTS;
        Duration interval = retention.string("interval").flatMap(text -> age(retention, "interval", text))
                .orElse(defaults.interval());
        AdminConfig.Keep audit = retention.mapping("audit").map(r -> keep(r, "maxEntries", defaults.audit()))
                .orElse(defaults.audit());
        AdminConfig.Keep history = retention.mapping("history")
                .map(r -> keep(r, "maxRunsPerStack", defaults.history())).orElse(defaults.history());
        AdminConfig.Keep deliveries = retention.mapping("webhookDeliveries")
                .map(r -> keep(r, "maxEntries", defaults.webhookDeliveries())).orElse(defaults.webhookDeliveries());
        retention.finish();
        return new AdminConfig.Retention(interval, audit, history, deliveries);
    }

    private AdminConfig.Keep keep(MappingReader keep, String countKey, AdminConfig.Keep defaults) {
        Duration maxAge = keep.string("maxAge").flatMap(text -> age(keep, "maxAge", text)).orElse(defaults.maxAge());
        int maxEntries = keep.string(countKey).flatMap(text -> whole(keep, countKey, text, 100_000_000))
                .orElse(defaults.maxEntries());
        keep.finish();
        return new AdminConfig.Keep(maxAge, maxEntries);
    }

    /** A duration as elsewhere in the config ({@code 30s}, {@code 1h30m}), or in days: {@code 90d}, {@code 1d12h}. */
    private static Optional<Duration> age(MappingReader reader, String key, String text) {
        Matcher matcher = DAYS.matcher(text.strip());
        try {
            if (!matcher.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a duration");
            }
            Duration days = Duration.ofDays(matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1)));
            Duration rest = matcher.group(2).isEmpty() ? Duration.ZERO : Durations.parse(matcher.group(2));
            if (days.plus(rest).isZero()) {
                throw new IllegalArgumentException("'" + text + "' is zero");
            }
            return Optional.of(days.plus(rest));
        } catch (IllegalArgumentException | ArithmeticException e) {
            reader.problem(key, "'" + key + "' in " + where(reader) + " must be a duration like 90d, 36h or 30m,"
                    + " not '" + text + "'");
            return Optional.empty();
        }
    }

    private static Optional<Integer> whole(MappingReader reader, String key, String text, int max) {
        if (text.strip().matches("[0-9]{1,9}") && Integer.parseInt(text.strip()) >= 1
                && Integer.parseInt(text.strip()) <= max) {
            return Optional.of(Integer.parseInt(text.strip()));
        }
        reader.problem(key, "'" + key + "' in " + where(reader) + " must be a whole number from 1 to " + max
                + ", not '" + text + "'");
        return Optional.empty();
    }

    /** Where a reader is, as messages about the admin section name it: {@code admin.retention.audit}. */
    private static String where(MappingReader reader) {
        return reader.where().replaceFirst("^the config\\.", "");
    }

    private Optional<Long> size(MappingReader admin, String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            admin.problem("maxWebhookBytes", "'maxWebhookBytes' in admin must be a positive number of bytes,"
                    + " optionally with KiB or MiB, like 1048576 or 1MiB; not '" + text + "'");
            return Optional.empty();
        }
        long unit = matcher.group(2) == null ? 1 : matcher.group(2).equals("KiB") ? 1024 : 1024 * 1024;
        return Optional.of(Long.parseLong(matcher.group(1)) * unit);
    }
}
