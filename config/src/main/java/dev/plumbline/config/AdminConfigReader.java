package dev.plumbline.config;

import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.MappingReader;
import java.nio.file.Path;
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
        admin.finish();
        return new AdminConfig(host, port, tls, tokens, metricsRequireToken, maxWebhookBytes, admin.location(),
                admin.location("listen"));
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

    private Optional<SecretRef> secretRef(MappingReader reader, String envKey, String fileKey) {
        Optional<SecretRef> env = reader.string(envKey).map(v -> SecretRef.env(v, reader.location(envKey)));
        Optional<SecretRef> file = reader.string(fileKey)
                .map(f -> SecretRef.file(baseDir.resolve(f).normalize(), reader.location(fileKey)));
        if (env.isPresent() && file.isPresent()) {
            reader.problem(fileKey, reader.where() + " takes " + envKey + " or " + fileKey + ", not both");
            return Optional.empty();
        }
        return env.isPresent() ? env : file;
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
