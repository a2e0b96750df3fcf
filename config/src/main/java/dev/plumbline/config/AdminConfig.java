package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's HTTP server: where it listens, TLS, the API tokens, whether {@code /metrics} needs a token,
 * and the largest webhook body it accepts. Port 0 picks a free port (the agent logs which). {@code location}
 * is the {@code admin:} section's, {@code listenLocation} the {@code listen} key's (the section's when the
 * address is the default), so that a port the agent cannot bind is reported at its line.
 */
public record AdminConfig(String host, int port, Optional<Tls> tls, List<Token> tokens, boolean metricsRequireToken,
                          long maxWebhookBytes, Location location, Location listenLocation) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;
    public static final long DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

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
        Objects.requireNonNull(location, "location");
        listenLocation = listenLocation == null ? location : listenLocation;
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

    /** The address as {@code listen} spells it: {@code 127.0.0.1:7070}, {@code [::1]:7070}. */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
