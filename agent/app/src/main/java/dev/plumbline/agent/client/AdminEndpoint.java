package dev.plumbline.agent.client;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the agent's admin API is and which token to show it. The server comes from {@code --server}, else
 * {@code PLUMBLINE_SERVER}, else {@value #DEFAULT_SERVER}; the token from {@code --token-file} (its content,
 * trimmed), else {@code PLUMBLINE_TOKEN}, else none. {@link #toString()} never shows the token.
 */
public record AdminEndpoint(URI server, Optional<String> token) {

    public static final String DEFAULT_SERVER = "http://127.0.0.1:7070";
    public static final String SERVER_VARIABLE = "PLUMBLINE_SERVER";
    public static final String TOKEN_VARIABLE = "PLUMBLINE_TOKEN";

    public AdminEndpoint {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(token, "token");
    }

    /** Reads the options and the environment; a null option means it was not given. */
    public static AdminEndpoint resolve(String serverOption, Path tokenFile, Map<String, String> environment) {
        String server = blankToNull(serverOption);
        if (server == null) {
            server = blankToNull(environment.get(SERVER_VARIABLE));
        }
        if (server == null) {
            server = DEFAULT_SERVER;
        }
        String token = tokenFile != null ? readToken(tokenFile) : blankToNull(environment.get(TOKEN_VARIABLE));
        return new AdminEndpoint(parse(server), Optional.ofNullable(token));
    }

    /** The URL of a path under the server, keeping any path prefix the server URL has. */
    public URI resolve(String pathAndQuery) {
        return URI.create(display() + pathAndQuery);
    }

    /** The server as people wrote it, for messages. */
    public String display() {
        String text = server.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public String toString() {
        return "AdminEndpoint[server=" + display() + ", token=" + (token.isPresent() ? "(set)" : "(none)") + "]";
    }

    private static URI parse(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw badServer(text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw badServer(text);
        }
    }

    private static StalledException badServer(String text) {
        return new StalledException(Reasons.BAD_SERVER_URL, "the server '" + text + "' is not an http:// or https:// URL"
                + " like " + DEFAULT_SERVER);
    }

    private static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new StalledException(Reasons.BAD_TOKEN_FILE, "the token file " + file + " does not exist");
        } catch (IOException e) {
            throw new StalledException(Reasons.BAD_TOKEN_FILE, "cannot read the token file " + file + ": " + e.getMessage());
        }
        if (token.isEmpty()) {
            throw new StalledException(Reasons.BAD_TOKEN_FILE, "the token file " + file + " is empty");
        }
        return token;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
