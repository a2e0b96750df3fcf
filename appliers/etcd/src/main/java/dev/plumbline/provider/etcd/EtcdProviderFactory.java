package dev.plumbline.provider.etcd;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderFactory;
import dev.plumbline.provider.Territory;
import dev.plumbline.yaml.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes {@link EtcdProvider}s from config entries like
 * {@code { name: kv, type: etcd, endpoints: [http://127.0.0.1:2379], prefix: /config/ }}, with an optional
 * {@code timeout} per call (default 10s), an optional {@code maxRequestBytes}, the members'
 * {@code --max-request-bytes} (default 1.5 MiB, etcd's; a number of bytes, or with a unit: {@code 10MiB}),
 * and an optional {@code maxTxnOps}, the members' {@code --max-txn-ops} (default 128, etcd's): the provider
 * cuts a stack's changes into transactions within both.
 * Every problem in the settings is reported at its line; nothing is reached yet.
 */
public final class EtcdProviderFactory implements ProviderFactory {

    private static final Set<String> KEYS = Set.of("endpoints", "prefix", "timeout", "maxRequestBytes",
            "maxTxnOps");

    @Override
    public String type() {
        return EtcdProvider.TYPE;
    }

    @Override
    public Optional<Provider> create(ProviderConfig config, List<Problem> problems) {
        int before = problems.size();
        Settings settings = config.settings();
        settings.checkKnown(KEYS, problems);
        String who = "provider '" + config.name() + "'";
        List<URI> endpoints = endpoints(settings, who, problems);
        Optional<String> prefix = settings.requiredString("prefix", problems);
        if (prefix.isPresent() && (!prefix.get().startsWith("/") || !prefix.get().endsWith("/"))) {
            problems.add(Problem.at(settings.location("prefix"), "prefix '" + prefix.get() + "' of " + who
                    + " must start and end with '/', like /config/"));
        }
        Duration timeout = EtcdProvider.DEFAULT_TIMEOUT;
        Optional<String> timeoutText = settings.string("timeout", problems);
        if (timeoutText.isPresent()) {
            try {
                timeout = Durations.parse(timeoutText.get());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(settings.location("timeout"), "timeout of " + who + ": " + e.getMessage()));
            }
        }
        long maxRequestBytes = RequestLimit.DEFAULT;
        Optional<String> sizeText = settings.string("maxRequestBytes", problems);
        if (sizeText.isPresent()) {
            try {
                maxRequestBytes = RequestLimit.parse(sizeText.get());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(settings.location("maxRequestBytes"), "maxRequestBytes of " + who + ": "
                        + e.getMessage()));
            }
        }
        int maxTxnOps = RequestLimit.DEFAULT_OPS;
        Optional<String> opsText = settings.string("maxTxnOps", problems);
        if (opsText.isPresent()) {
            try {
                maxTxnOps = RequestLimit.parseOps(opsText.get());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(settings.location("maxTxnOps"), "maxTxnOps of " + who + ": "
                        + e.getMessage()));
            }
        }
        if (problems.size() > before || prefix.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EtcdProvider(config.name(), endpoints, prefix.get(), timeout, maxRequestBytes,
                maxTxnOps));
    }

    /** The prefix on the endpoints' cluster: a shared endpoint and prefixes one inside the other overlap. */
    @Override
    public Optional<Territory> territory(ProviderConfig config) {
        List<Problem> ignored = new java.util.ArrayList<>();
        List<URI> endpoints = endpoints(config.settings(), "", ignored);
        return config.settings().requiredString("prefix", ignored).filter(prefix -> !endpoints.isEmpty())
                .map(prefix -> new Territory(EtcdProvider.TYPE, endpoints.stream()
                        .map(uri -> uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + uri.getPort())
                        .collect(java.util.stream.Collectors.toSet()), prefix, true,
                        "etcd prefix " + prefix + " at " + endpoints.get(0)));
    }

    private static List<URI> endpoints(Settings settings, String who, List<Problem> problems) {
        Object value = settings.values().get("endpoints");
        String example = "like endpoints: [http://127.0.0.1:2379]";
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problems.add(Problem.at(settings.location("endpoints"), who + " needs 'endpoints', a list of at least"
                    + " one http:// or https:// URL of an etcd member, " + example));
            return List.of();
        }
        List<URI> endpoints = new ArrayList<>();
        for (Object item : list) {
            String text = String.valueOf(item);
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme();
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    throw new URISyntaxException(text, "not an http:// or https:// URL with a host");
                }
                endpoints.add(uri);
            } catch (URISyntaxException e) {
                problems.add(Problem.at(settings.location("endpoints"), "endpoint '" + text + "' of " + who
                        + " is not an http:// or https:// URL with a host, " + example));
            }
        }
        if (endpoints.stream().map(URI::getScheme).distinct().count() > 1) {
            problems.add(Problem.at(settings.location("endpoints"), "the endpoints of " + who + " mix http:// and"
                    + " https://; a cluster answers on one of them"));
        }
        return endpoints;
    }
}
