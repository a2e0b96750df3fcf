package dev.plumbline.provider.kubernetes;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderFactory;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes {@link KubernetesProvider}s from config entries like
 * {@code { name: prod, type: kubernetes, kubeconfig: ~/.kube/config, context: prod, namespace: default }}, or
 * {@code { name: here, type: kubernetes, inCluster: true }} for an agent running in a pod (its service
 * account's token, read again as it rotates, and the cluster's CA). Without {@code kubeconfig}, the file
 * {@code KUBECONFIG} names (its first), else {@code ~/.kube/config}; without {@code context}, the file's
 * current context. Token, client-certificate and exec-plugin credentials work as kubectl reads them. The
 * file is read here, so that a missing file or context is an error at its line; the cluster is not reached.
 */
public final class KubernetesProviderFactory implements ProviderFactory {

    private static final Set<String> KEYS = Set.of("kubeconfig", "context", "namespace", "inCluster");
    private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private final Map<String, String> environment;

    public KubernetesProviderFactory() {
        this(System.getenv());
    }

    KubernetesProviderFactory(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String type() {
        return KubernetesProvider.TYPE;
    }

    @Override
    public Optional<Provider> create(ProviderConfig config, List<Problem> problems) {
        return create(config, environment, problems);
    }

    @Override
    public Optional<Provider> create(ProviderConfig config, Map<String, String> environment, List<Problem> problems) {
        int before = problems.size();
        Settings settings = config.settings();
        settings.checkKnown(KEYS, problems);
        String who = "provider '" + config.name() + "'";
        Object inClusterValue = settings.values().get("inCluster");
        if (inClusterValue != null && !(inClusterValue instanceof Boolean)) {
            problems.add(Problem.at(settings.location("inCluster"), "inCluster of " + who + " is true or false"));
        }
        boolean inCluster = Boolean.TRUE.equals(inClusterValue);
        Optional<String> kubeconfigText = settings.string("kubeconfig", problems);
        Optional<String> context = settings.string("context", problems);
        Optional<String> namespace = settings.string("namespace", problems);
        if (inCluster && (kubeconfigText.isPresent() || context.isPresent())) {
            problems.add(Problem.at(settings.location("inCluster"), who + " has inCluster: true and a kubeconfig"
                    + " or context; an agent in a pod uses its service account: remove one of them"));
            return Optional.empty();
        }
        Optional<Config> read = inCluster ? inCluster(who, settings, environment, problems)
                : fromKubeconfig(who, settings, kubeconfig(settings, kubeconfigText, environment), context, problems);
        if (read.isEmpty() || problems.size() > before) {
            return Optional.empty();
        }
        String defaultNamespace = namespace.orElseGet(() -> Optional.ofNullable(read.get().getNamespace())
                .filter(text -> !text.isBlank()).orElse("default"));
        Config built = new ConfigBuilder(read.get())
                .withNamespace(defaultNamespace)
                .withRequestRetryBackoffLimit(0) // retries are the engine's, with its backoff, for every provider
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(built)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        return Optional.of(new KubernetesProvider(config.name(), client, defaultNamespace));
    }

    /** The kubeconfig file: the setting (a leading {@code ~} is the home directory), KUBECONFIG's first, or ~/.kube/config. */
    private static Path kubeconfig(Settings settings, Optional<String> given, Map<String, String> environment) {
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        if (given.isPresent()) {
            String text = given.get();
            if (text.equals("~") || text.startsWith("~/")) {
                return Path.of(home + text.substring(1));
            }
            return settings.baseDir().resolve(text).normalize();
        }
        String fromEnvironment = environment.get("KUBECONFIG");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(home, ".kube", "config");
    }

    private static Optional<Config> fromKubeconfig(String who, Settings settings, Path file, Optional<String> context,
                                                   List<Problem> problems) {
        String where = settings.values().containsKey("kubeconfig") ? "kubeconfig" : "type";
        String contents;
        try {
            contents = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(Problem.at(settings.location(where), who + ": the kubeconfig " + file + " does not exist;"
                    + " name one with 'kubeconfig', or set inCluster: true for an agent in a pod"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Problem.at(settings.location(where), who + ": cannot read the kubeconfig " + file + ": "
                    + e.getMessage()));
            return Optional.empty();
        }
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(contents);
        } catch (RuntimeException e) {
            problems.add(Problem.at(settings.location(where), who + ": the kubeconfig " + file + " is not a"
                    + " kubeconfig: " + e.getMessage()));
            return Optional.empty();
        }
        List<String> contexts = parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        String chosen = context.orElse(parsed.getCurrentContext());
        if (chosen == null || chosen.isBlank() || !contexts.contains(chosen)) {
            problems.add(Problem.at(settings.location(context.isPresent() ? "context" : where), who + ": "
                    + (chosen == null || chosen.isBlank() ? "the kubeconfig " + file + " has no current context"
                    : "the kubeconfig " + file + " has no context '" + chosen + "'") + "; its contexts: "
                    + (contexts.isEmpty() ? "none" : String.join(", ", contexts))));
            return Optional.empty();
        }
        try {
            return Optional.of(Config.fromKubeconfig(chosen, contents, file.toString()));
        } catch (RuntimeException e) {
            problems.add(Problem.at(settings.location(where), who + ": the kubeconfig " + file + ", context '"
                    + chosen + "': " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<Config> inCluster(String who, Settings settings, Map<String, String> environment,
                                              List<Problem> problems) {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        Path token = SERVICE_ACCOUNT.resolve("token");
        if (host == null || host.isBlank() || !Files.isReadable(token)) {
            problems.add(Problem.at(settings.location("inCluster"), who + " has inCluster: true, but this process"
                    + " is not in a pod (KUBERNETES_SERVICE_HOST is not set, or " + token + " cannot be read)"));
            return Optional.empty();
        }
        String namespace = null;
        try {
            namespace = Files.readString(SERVICE_ACCOUNT.resolve("namespace"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            namespace = null;
        }
        return Optional.of(new ConfigBuilder(Config.empty())
                .withMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port)
                .withCaCertFile(SERVICE_ACCOUNT.resolve("ca.crt").toString())
                .withOauthTokenProvider(() -> readToken(token))
                .withNamespace(namespace)
                .build());
    }

    private static String readToken(Path token) {
        try {
            return Files.readString(token, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the service account's token " + token, e);
        }
    }
}
