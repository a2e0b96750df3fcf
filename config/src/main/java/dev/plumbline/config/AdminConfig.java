package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's HTTP server: where it listens, TLS, the API tokens, whether {@code /metrics} needs a token,
 * the largest webhook body it accepts, whether plain HTTP may listen beyond loopback ({@code allowInsecure}),
 * how fast an address may fail to authenticate ({@code failedAuthLimit}), and how long the audit log, the run
 * history and the webhook deliveries are kept ({@code retention}). Port 0 picks a free port (the agent logs
 * which). {@code location} is the {@code admin:} section's, {@code listenLocation} the {@code listen} key's
 * (the section's when the address is the default), so that a port the agent cannot bind is reported at its
 * line.
 */
public record AdminConfig(String host, int port, Optional<Tls> tls, List<Token> tokens, boolean metricsRequireToken,
                          long maxWebhookBytes, boolean allowInsecure, RateLimit failedAuthLimit,
                          Retention retention, Location location, Location listenLocation) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;
    public static final long DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;
    /**
     * Failed authentications an address may make: 10 at once, then one every 5 seconds (like Argo CD's limit on
     * failed logins, but per address).
     */
    public static final RateLimit DEFAULT_FAILED_AUTH_LIMIT = new RateLimit(0.2, 10);

    /**
     * How long records are kept, by age and by count: the newest {@code maxEntries} no older than {@code maxAge}
     * (for the run history, {@code maxEntries} counts per stack).
     */
    public record Keep(Duration maxAge, int maxEntries) {
        public Keep {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive");
            }
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1");
            }
        }
    }

    /**
     * What the agent keeps of the audit log, the run history (per stack) and the webhook deliveries, pruned at
     * start and then every {@code interval}, so that the state store stays bounded.
     */
    public record Retention(Duration interval, Keep audit, Keep history, Keep webhookDeliveries) {

        public static final Retention DEFAULTS = new Retention(Duration.ofHours(1),
                new Keep(Duration.ofDays(90), 100_000), new Keep(Duration.ofDays(90), 1000),
                new Keep(Duration.ofDays(7), 100_000));

        public Retention {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(history, "history");
            Objects.requireNonNull(webhookDeliveries, "webhookDeliveries");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive");
            }
        }
    }

    /**
     * A PEM certificate (chain) and its PKCS#8 PEM private key, with where the config names each (a problem
     * with a file is reported there).
     */
    public record Tls(Path certFile, Path keyFile, Location certLocation, Location keyLocation) {
        public Tls {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
            Objects.requireNonNull(certLocation, "certLocation");
            Objects.requireNonNull(keyLocation, "keyLocation");
        }

        /** Files named in code rather than a config: a problem with one is reported at the file itself. */
        public Tls(Path certFile, Path keyFile) {
            this(certFile, keyFile, Location.file(String.valueOf(certFile)), Location.file(String.valueOf(keyFile)));
        }
    }

    public enum Role {
        VIEWER, OPERATOR;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An API token: its name (what the audit log records), its role, and either the SHA-256 of the token
     * (hex) or where to read the token from.
     */
    public record Token(String name, Role role, Optional<String> sha256, Optional<SecretRef> secret,
                        Location location) {
        public Token {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(location, "location");
            if (sha256.isPresent() == secret.isPresent()) {
                throw new IllegalArgumentException("a token has either sha256 or a secret reference");
            }
        }
    }

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        tls = tls == null ? Optional.empty() : tls;
        tokens = List.copyOf(tokens);
        failedAuthLimit = failedAuthLimit == null ? DEFAULT_FAILED_AUTH_LIMIT : failedAuthLimit;
        retention = retention == null ? Retention.DEFAULTS : retention;
        Objects.requireNonNull(location, "location");
        listenLocation = listenLocation == null ? location : listenLocation;
    }

    /** As above, with the defaults of {@code allowInsecure}, {@code failedAuthLimit} and {@code retention}. */
    public AdminConfig(String host, int port, Optional<Tls> tls, List<Token> tokens, boolean metricsRequireToken,
                       long maxWebhookBytes, Location location, Location listenLocation) {
        this(host, port, tls, tokens, metricsRequireToken, maxWebhookBytes, false, null, null, location,
                listenLocation);
    }

    /** As above, the listen address located at the section. */
    public AdminConfig(String host, int port, Optional<Tls> tls, List<Token> tokens, boolean metricsRequireToken,
                       long maxWebhookBytes, Location location) {
        this(host, port, tls, tokens, metricsRequireToken, maxWebhookBytes, location, location);
    }

    public static AdminConfig defaults(Location location) {
        return new AdminConfig(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), List.of(), false,
                DEFAULT_MAX_WEBHOOK_BYTES, location);
    }

    /**
     * Whether {@code host} is a loopback address: {@code localhost}, {@code 127.0.0.0/8} or {@code ::1}. Other
     * names are not looked up (loading a config asks no name server) and count as not loopback.
     */
    public boolean loopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] octets = host.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(octets[0]) == 127;
        }
        if (host.contains(":") && host.matches("[0-9a-fA-F:.]+")) { // an IPv6 literal: parsed, never looked up
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether the API is served in plain HTTP to more than this machine ({@code allowInsecure} lets it). */
    public boolean insecure() {
        return tls.isEmpty() && !loopback();
    }

    /** The address as {@code listen} spells it: {@code 127.0.0.1:7070}, {@code [::1]:7070}. */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
