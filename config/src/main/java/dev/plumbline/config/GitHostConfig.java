package dev.plumbline.config;

import dev.plumbline.problem.Location;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A source's Git host API ({@code sources[].host}), which pull-request plans and commit statuses are
 * posted to: its type, the API's base URL (a default per type where the host has a public one), the
 * repository as the host names it ({@code owner/name}; GitLab: the project's path; Bitbucket Server:
 * {@code PROJECT/slug}) and where the API token is kept.
 */
public record GitHostConfig(Type type, URI apiUrl, String repository, SecretRef token, Location location) {

    /** The Git hosts whose APIs Plumbline posts to, as the config names them. */
    public enum Type {
        GITHUB("github", "https://api.github.com"),
        GITLAB("gitlab", "https://gitlab.com/api/v4"),
        GITEA("gitea", null),
        BITBUCKET_CLOUD("bitbucket-cloud", "https://api.bitbucket.org/2.0"),
        BITBUCKET_SERVER("bitbucket-server", null);

        private final String word;
        private final String defaultApiUrl;

        Type(String word, String defaultApiUrl) {
            this.word = word;
            this.defaultApiUrl = defaultApiUrl;
        }

        /** How the config writes it: {@code bitbucket-cloud}. */
        public String word() {
            return word;
        }

        /** The public API of the hosted service, if there is one (Gitea and Bitbucket Server are self-hosted). */
        public Optional<URI> defaultApiUrl() {
            return Optional.ofNullable(defaultApiUrl).map(URI::create);
        }

        public static Optional<Type> of(String word) {
            for (Type type : values()) {
                if (type.word.equals(word.toLowerCase(Locale.ROOT))) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }

        public static String words() {
            return "github, gitlab, gitea, bitbucket-cloud or bitbucket-server";
        }
    }

    public GitHostConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(location, "location");
    }
}
