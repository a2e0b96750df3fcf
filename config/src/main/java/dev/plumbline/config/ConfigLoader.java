package dev.plumbline.config;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.yaml.FieldPath;
import dev.plumbline.yaml.MappingReader;
import dev.plumbline.yaml.YamlParser;
import dev.plumbline.yaml.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads {@code plumbline.yaml} into an {@link AgentConfig}, reporting every problem at once, each with its
 * line: unknown keys, missing required keys, bad durations, duplicate names, references to sources or
 * providers that do not exist.
 */
public final class ConfigLoader {

    /** Names of sources, providers and stacks: they appear in URLs, file names and metric labels. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?");
    private static final Pattern URL_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private final String file;
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    private ConfigLoader(Path path) {
        this.file = path.toString();
        Path parent = path.toAbsolutePath().normalize().getParent();
        this.baseDir = parent == null ? Path.of("/") : parent;
    }

    /** Loads and checks the config; throws a {@link StalledException} listing every problem. */
    public static AgentConfig load(Path path) {
        ConfigLoader loader = new ConfigLoader(path);
        Optional<AgentConfig> config = loader.read(path);
        if (!loader.problems.isEmpty() || config.isEmpty()) {
            throw new StalledException(Reasons.INVALID_CONFIG, loader.problems.isEmpty()
                    ? List.of(Problem.at(Location.file(loader.file), "the config is empty"))
                    : loader.problems);
        }
        return config.get();
    }

    private Optional<AgentConfig> read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(Problem.at(Location.file(file), "no such file; pass the agent config with --config"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Problem.at(Location.file(file), "cannot read the config: " + e.getMessage()));
            return Optional.empty();
        }
        YamlParser.Result parsed = YamlParser.parse(file, text);
        problems.addAll(parsed.problems());
        if (!parsed.ok()) {
            return Optional.empty();
        }
        if (parsed.documents().size() != 1) {
            problems.add(Problem.at(Location.file(file), parsed.documents().isEmpty()
                    ? "the config is empty" : "the config must be a single YAML document"));
            return Optional.empty();
        }
        return MappingReader.of(file, "the config", parsed.documents().get(0), problems).map(this::agent);
    }

    private AgentConfig agent(MappingReader root) {
        Path stateDir = root.string("stateDir").map(dir -> baseDir.resolve(dir).normalize())
                .orElse(baseDir.resolve(".plumbline"));
        AdminConfig admin = root.mapping("admin").map(reader -> new AdminConfigReader(baseDir, problems).read(reader))
                .orElse(AdminConfig.defaults(root.location()));
        List<SourceConfig> sources = new ArrayList<>();
        each(root, "sources", reader -> source(reader).ifPresent(sources::add));
        List<ProviderConfig> providers = new ArrayList<>();
        each(root, "providers", reader -> provider(reader).ifPresent(providers::add));
        List<StackConfig> stacks = new ArrayList<>();
        each(root, "stacks", reader -> stack(reader).ifPresent(stacks::add));
        SecretGrants secrets = root.mapping("secrets").map(this::secrets).orElse(SecretGrants.none(root.location()));
        List<NotificationConfig> notifications = new ArrayList<>();
        each(root, "notifications", reader -> notification(reader).ifPresent(notifications::add));
        root.finish();

        unique("source", sources.stream().map(s -> Map.entry(s.name(), s.location())).toList());
        unique("provider", providers.stream().map(p -> Map.entry(p.name(), p.location())).toList());
        unique("stack", stacks.stream().map(s -> Map.entry(s.name(), s.location())).toList());
        unique("notification", notifications.stream().map(n -> Map.entry(n.name(), n.location())).toList());
        AgentConfig config = new AgentConfig(Path.of(file), stateDir, admin, sources, providers, stacks, secrets,
                notifications);
        for (NotificationConfig notification : notifications) {
            for (String stack : notification.stacks()) {
                if (config.stack(stack).isEmpty()) {
                    problems.add(Problem.at(notification.location(), "notification '" + notification.name()
                            + "' names stack '" + stack + "', which is not defined under stacks" + known(stacks
                            .stream().map(StackConfig::name).toList())));
                }
            }
        }
        for (StackConfig stack : stacks) {
            if (config.source(stack.source()).isEmpty()) {
                problems.add(Problem.at(stack.location(), "stack '" + stack.name() + "' names source '"
                        + stack.source() + "', which is not defined under sources" + known(sources.stream()
                        .map(SourceConfig::name).toList())));
            }
            if (config.provider(stack.provider()).isEmpty()) {
                problems.add(Problem.at(stack.location(), "stack '" + stack.name() + "' names provider '"
                        + stack.provider() + "', which is not defined under providers" + known(providers.stream()
                        .map(ProviderConfig::name).toList())));
            }
        }
        return config;
    }

    private void each(MappingReader root, String key, java.util.function.Consumer<MappingReader> read) {
        List<Node> items = root.sequence(key);
        for (int i = 0; i < items.size(); i++) {
            MappingReader.of(file, key + "[" + i + "]", items.get(i), problems).ifPresent(read);
        }
    }

    private Optional<SourceConfig> source(MappingReader reader) {
        Optional<String> name = name(reader);
        Optional<String> url = reader.requiredString("url").map(this::resolveUrl);
        String ref = reader.string("ref").orElse(null);
        var interval = reader.duration("interval").orElse(null);
        Optional<SecretRef> webhook = reader.mapping("webhook")
                .flatMap(hook -> new AdminConfigReader(baseDir, problems).webhook(hook));
        Optional<GitHostConfig> host = reader.mapping("host").flatMap(this::host);
        PullRequestPolicy pullRequests = reader.mapping("pullRequests").map(this::pullRequests)
                .orElse(PullRequestPolicy.OFF);
        if (pullRequests.plan() && (!reader.has("host") || !reader.has("webhook"))) {
            reader.problem("pullRequests", "'pullRequests.plan' in " + reader.where() + " needs 'host' (the API"
                    + " plans are posted to) and 'webhook' (pull requests are announced by the Git host's webhook)");
        }
        reader.finish();
        if (name.isEmpty() || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SourceConfig(name.get(), url.get(), ref, interval, webhook, host, pullRequests,
                reader.location()));
    }

    /** {@code host: { type, apiUrl, repository, tokenEnv | tokenFile }}. */
    private Optional<GitHostConfig> host(MappingReader reader) {
        Optional<GitHostConfig.Type> type = reader.requiredString("type").flatMap(word -> {
            Optional<GitHostConfig.Type> known = GitHostConfig.Type.of(word);
            if (known.isEmpty()) {
                reader.problem("type", "'type' in " + reader.where() + " must be " + GitHostConfig.Type.words()
                        + ", not '" + word + "'");
            }
            return known;
        });
        Optional<java.net.URI> apiUrl = reader.string("apiUrl").flatMap(text -> httpUrl(reader, "apiUrl", text, true))
                .map(uri -> java.net.URI.create(uri.toString().replaceAll("/+$", "")));
        if (type.isPresent() && !reader.has("apiUrl") && type.get().defaultApiUrl().isEmpty()) {
            reader.problem("type", reader.where() + " of type " + type.get().word() + " needs 'apiUrl': "
                    + type.get().word() + " is self-hosted, so there is no default (Gitea: https://HOST/api/v1,"
                    + " Bitbucket Server: https://HOST)");
        }
        Optional<String> repository = reader.requiredString("repository").filter(text -> {
            boolean ok = text.matches("[^/\\s]+(/[^/\\s]+)+");
            if (!ok) {
                reader.problem("repository", "'repository' in " + reader.where() + " must be the repository's path"
                        + " on its host, like acme/infra (GitLab: group/sub/project; Bitbucket Server: PROJECT/slug),"
                        + " not '" + text + "'");
            }
            return ok;
        });
        Optional<SecretRef> token = new AdminConfigReader(baseDir, problems).secretRef(reader, "tokenEnv", "tokenFile");
        if (!reader.has("tokenEnv") && !reader.has("tokenFile")) {
            reader.problem("tokenEnv", reader.where() + " needs the API token: tokenEnv or tokenFile");
        }
        reader.finish();
        if (type.isEmpty() || repository.isEmpty() || token.isEmpty()
                || (reader.has("apiUrl") ? apiUrl.isEmpty() : type.get().defaultApiUrl().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new GitHostConfig(type.get(), apiUrl.orElseGet(() -> type.get().defaultApiUrl().orElseThrow()),
                repository.get(), token.get(), reader.location()));
    }

    private PullRequestPolicy pullRequests(MappingReader reader) {
        boolean plan = reader.bool("plan").orElse(false);
        boolean fromForks = reader.bool("fromForks").orElse(false);
        reader.finish();
        return new PullRequestPolicy(plan, fromForks);
    }

    /**
     * An http or https URL without a fragment; anything else is a problem at the key, which quotes the text
     * only when {@code quote} (a chat webhook's URL is a credential: its problem names the scheme at most).
     */
    private static Optional<java.net.URI> httpUrl(MappingReader reader, String key, String text, boolean quote) {
        String scheme = "";
        try {
            java.net.URI uri = new java.net.URI(text.strip());
            scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getFragment() == null) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        reader.problem(key, "'" + key + "' in " + reader.where() + " must be an http:// or https:// URL with a"
                + " host, not " + (quote ? "'" + text + "'" : scheme.isEmpty() ? "this" : "a " + scheme + ": URL"));
        return Optional.empty();
    }

    /** {@code notifications[]}: a name, a type, where to post, on which events, for which stacks. */
    private Optional<NotificationConfig> notification(MappingReader reader) {
        Optional<String> name = name(reader);
        Optional<NotificationConfig.Type> type = reader.requiredString("type").flatMap(word -> {
            for (NotificationConfig.Type known : NotificationConfig.Type.values()) {
                if (known.word().equals(word)) {
                    return Optional.of(known);
                }
            }
            reader.problem("type", "'type' in " + reader.where() + " must be slack or webhook, not '" + word + "'");
            return Optional.empty();
        });
        Optional<java.net.URI> url = reader.string("url").flatMap(text -> httpUrl(reader, "url", text, false));
        Optional<SecretRef> urlSecret = new AdminConfigReader(baseDir, problems).secretRef(reader, "urlEnv", "urlFile");
        int given = (reader.has("url") ? 1 : 0) + (reader.has("urlEnv") ? 1 : 0) + (reader.has("urlFile") ? 1 : 0);
        if (given != 1) {
            reader.problem(given == 0 ? "type" : "url", reader.where() + " needs exactly one of url, urlEnv or"
                    + " urlFile (a chat webhook URL is a credential: urlEnv or urlFile keep it out of the config)");
        }
        java.util.Set<NotificationConfig.Event> on = java.util.EnumSet.noneOf(NotificationConfig.Event.class);
        if (reader.has("on")) {
            for (String word : texts(reader, "on")) {
                NotificationConfig.Event.of(word).ifPresentOrElse(on::add, () -> reader.problem("on", "'on' in "
                        + reader.where() + " takes failed, stalled, drifted or applied, not '" + word + "'"));
            }
        } else {
            on.addAll(NotificationConfig.DEFAULT_EVENTS);
        }
        List<String> stacks = texts(reader, "stacks");
        reader.finish();
        if (name.isEmpty() || type.isEmpty() || given != 1 || (reader.has("url") && url.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new NotificationConfig(name.get(), type.get(), url.map(java.net.URI::toString),
                urlSecret, on, stacks, reader.location()));
    }

    private SecretGrants secrets(MappingReader reader) {
        List<Path> roots = new ArrayList<>();
        for (String root : texts(reader, "fileRoots")) {
            Path path = baseDir.resolve(root).normalize();
            if (path.getParent() == null) {
                reader.problem("fileRoots", "'fileRoots' in " + reader.where() + " may not grant the whole file"
                        + " system ('" + root + "'); name the directory that holds the agent's secrets");
            } else {
                roots.add(path);
            }
        }
        List<String> env = new ArrayList<>();
        for (String name : texts(reader, "env")) {
            if (name.matches(SecretGrants.ENV_PATTERN)) {
                env.add(name);
            } else {
                reader.problem("env", "'env' in " + reader.where() + " takes environment variable names, or"
                        + " prefixes ending in * (like APP_*), not '" + name + "'");
            }
        }
        reader.finish();
        return new SecretGrants(roots, env, reader.location());
    }

    /** A list of plain texts; anything else in it is a problem at the key. */
    private List<String> texts(MappingReader reader, String key) {
        List<String> texts = new ArrayList<>();
        for (Node item : reader.sequence(key)) {
            if (item instanceof org.snakeyaml.engine.v2.nodes.ScalarNode scalar && !scalar.getValue().isBlank()) {
                texts.add(scalar.getValue());
            } else {
                reader.problem(key, "'" + key + "' in " + reader.where() + " must be a list of non-empty strings");
            }
        }
        return texts;
    }

    private Optional<ProviderConfig> provider(MappingReader reader) {
        Optional<String> name = name(reader);
        Optional<String> type = reader.requiredString("type");
        Optional<RateLimit> rateLimit = reader.mapping("rateLimit").flatMap(this::rateLimit);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Location> locations = new HashMap<>();
        for (String key : reader.unreadKeys()) {
            Node node = reader.node(key).orElseThrow();
            YamlTree.Converted converted = YamlTree.convert(file, node, YamlTree.ScalarRewriter.NONE, problems);
            values.put(key, converted.value());
            locations.put(key, converted.positions().get(FieldPath.root()));
        }
        if (name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        String where = "provider '" + name.get() + "'";
        return Optional.of(new ProviderConfig(name.get(), type.get(),
                new Settings(where, values, locations, reader.location(), baseDir), reader.location(), rateLimit));
    }

    private Optional<RateLimit> rateLimit(MappingReader reader) {
        Optional<Double> perSecond = reader.requiredString("perSecond").flatMap(text -> {
            try {
                double value = Double.parseDouble(text);
                if (value > 0 && value <= 1_000_000) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            reader.problem("perSecond", "'perSecond' in " + reader.where() + " must be a number of calls a second"
                    + " above 0 (0.5 is one call every two seconds), not '" + text + "'");
            return Optional.empty();
        });
        Optional<Integer> burst = reader.string("burst").flatMap(text -> {
            if (text.matches("[0-9]{1,6}") && Integer.parseInt(text) >= 1) {
                return Optional.of(Integer.parseInt(text));
            }
            reader.problem("burst", "'burst' in " + reader.where() + " must be a whole number of calls from 1,"
                    + " not '" + text + "'");
            return Optional.empty();
        });
        boolean badBurst = reader.has("burst") && burst.isEmpty();
        reader.finish();
        if (perSecond.isEmpty() || badBurst) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(perSecond.get(), burst.orElse(RateLimit.defaultBurst(perSecond.get()))));
    }

    private Optional<StackConfig> stack(MappingReader reader) {
        Optional<String> name = name(reader);
        Optional<String> source = reader.requiredString("source");
        String path = reader.string("path").map(p -> stackPath(reader, p)).orElse("");
        Optional<String> provider = reader.requiredString("provider");
        SyncPolicy sync = reader.mapping("sync").map(this::sync).orElse(null);
        var driftInterval = reader.duration("driftInterval").orElse(null);
        Map<String, String> vars = reader.stringMap("vars");
        List<IgnoreRule> ignore = new ArrayList<>();
        List<Node> rules = reader.sequence("ignore");
        for (int i = 0; i < rules.size(); i++) {
            MappingReader.of(file, reader.where() + ".ignore[" + i + "]", rules.get(i), problems)
                    .flatMap(this::ignoreRule).ifPresent(ignore::add);
        }
        reader.finish();
        if (name.isEmpty() || source.isEmpty() || provider.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StackConfig(name.get(), source.get(), path, provider.get(), sync, driftInterval,
                vars, ignore, reader.location()));
    }

    /** One entry of a stack's {@code ignore}: a JSON pointer, and the resources it is for. */
    private Optional<IgnoreRule> ignoreRule(MappingReader reader) {
        Optional<String> path = reader.requiredString("path");
        Optional<String> group = reader.string("group");
        Optional<String> kind = reader.string("kind");
        Optional<String> namespace = reader.string("namespace");
        Optional<String> name = reader.string("name");
        reader.finish();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IgnoreRule(path.get(), IgnoreRule.parse(path.get()), group, kind, namespace, name,
                    reader.location("path")));
        } catch (IllegalArgumentException e) {
            reader.problem("path", "'path' in " + reader.where() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private SyncPolicy sync(MappingReader reader) {
        SyncPolicy defaults = SyncPolicy.defaults();
        boolean auto = reader.bool("auto").orElse(defaults.auto());
        boolean prune = reader.bool("prune").orElse(defaults.prune());
        boolean selfHeal = reader.bool("selfHeal").orElse(defaults.selfHeal());
        int maxPrunePercent = reader.string("maxPrunePercent").map(text -> percent(reader, text))
                .orElse(SyncPolicy.DEFAULT_MAX_PRUNE_PERCENT);
        var healthTimeout = reader.duration("healthTimeout");
        reader.finish();
        return new SyncPolicy(auto, prune, selfHeal, maxPrunePercent, healthTimeout);
    }

    private static int percent(MappingReader reader, String text) {
        if (text.matches("[0-9]{1,3}") && Integer.parseInt(text) <= 100) {
            return Integer.parseInt(text);
        }
        reader.problem("maxPrunePercent", "'maxPrunePercent' in " + reader.where() + " must be a whole number from"
                + " 0 to 100, not '" + text + "'");
        return SyncPolicy.DEFAULT_MAX_PRUNE_PERCENT;
    }

    private Optional<String> name(MappingReader reader) {
        Optional<String> name = reader.requiredString("name");
        if (name.isPresent() && !NAME.matcher(name.get()).matches()) {
            reader.problem("name", "name '" + name.get() + "' in " + reader.where() + " must be lower-case"
                    + " letters, digits, '-', '_' or '.', start and end with a letter or digit, at most 63 long");
            return Optional.empty();
        }
        return name;
    }

    private String stackPath(MappingReader reader, String path) {
        String trimmed = path.strip();
        while (trimmed.startsWith("./")) {
            trimmed = trimmed.substring(2);
        }
        trimmed = trimmed.replaceAll("^/+|/+$", "");
        if (trimmed.equals(".")) {
            return "";
        }
        for (String part : trimmed.split("/")) {
            if (part.equals("..")) {
                reader.problem("path", "path '" + path + "' in " + reader.where()
                        + " must stay inside the repository (no '..')");
                return "";
            }
        }
        return trimmed;
    }

    /** A plain filesystem path is taken relative to the config file, like every other path in it. */
    private String resolveUrl(String url) {
        if (URL_SCHEME.matcher(url).matches() || url.matches("[^/]+@[^/]+:.*")) {
            return url;
        }
        return baseDir.resolve(url).normalize().toUri().toString();
    }

    private void unique(String what, List<Map.Entry<String, Location>> names) {
        Map<String, Location> first = new HashMap<>();
        for (Map.Entry<String, Location> entry : names) {
            Location earlier = first.putIfAbsent(entry.getKey(), entry.getValue());
            if (earlier != null) {
                problems.add(Problem.at(entry.getValue(), "a " + what + " named '" + entry.getKey()
                        + "' is already defined at line " + earlier.line()));
            }
        }
    }

    private static String known(List<String> names) {
        return names.isEmpty() ? "" : " (defined: " + String.join(", ", names.stream().distinct().toList()) + ")";
    }
}
