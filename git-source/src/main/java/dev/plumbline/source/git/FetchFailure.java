package dev.plumbline.source.git;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;

/**
 * Turns whatever a fetch threw into one sentence a person can act on ("cannot fetch source 'infra' from
 * https://git.example.com/infra.git: unknown host 'git.example.com'"), as a {@link TransientException}
 * with reason {@value #REASON} that keeps the original as its cause. Credentials in URLs are masked.
 */
final class FetchFailure {

    static final String REASON = Reasons.FETCH_FAILED;
    private static final Pattern CREDENTIALS = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s]+@");

    private FetchFailure() {
    }

    static TransientException of(String source, String url, Throwable error) {
        return of(source, url, describe(error, url), error);
    }

    static TransientException of(String source, String url, String cause, Throwable error) {
        String message = "cannot fetch source '" + source + "' from " + SourceUrl.redact(url) + ": "
                + SourceUrl.redact(cause);
        return new TransientException(REASON, message, error);
    }

    /**
     * The cause of a failed fetch from {@code url}, in words, without the URL the transport tends to put in
     * front.
     */
    static String describe(Throwable error, String url) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "unknown host '" + cause.getMessage() + "'";
            }
            if (cause instanceof NoRemoteRepositoryException) {
                return "no repository there";
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return "cannot connect (" + words(cause.getMessage(), "connection failed") + ")";
            }
            if (cause instanceof InterruptedIOException) {
                return "no answer in time (" + words(cause.getMessage(), "timed out") + ")";
            }
        }
        String text = words(deepestTransportMessage(error), error.getClass().getSimpleName());
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("connection refused") || lower.startsWith("connection timed out")) {
            return "cannot connect (" + text + ")";
        }
        if (lower.contains("credentialsprovider") || lower.equals("not authorized")
                || lower.equals("authentication not supported")) {
            // JGit's words for an HTTP 401: it sent the URL's credentials (if any) and the server said no (it says
            // "authentication not supported" when the 401 comes after the credentials it had cached for the host)
            return hasCredentials(url)
                    ? "the server refused the credentials in the URL (HTTP 401 Unauthorized)"
                    : "the server asks for credentials (HTTP 401 Unauthorized) and the URL has none";
        }
        if (lower.contains("not authorized") || lower.contains("authentication")
                || lower.contains("auth fail") || lower.contains("permission denied")) {
            return "the server refused the credentials, or wants some (" + text + ")";
        }
        return text;
    }

    /** Whether the URL carries a user part ({@code https://user:token@host/...}). */
    private static boolean hasCredentials(String url) {
        return url != null && CREDENTIALS.matcher(url).find();
    }

    private static String deepestTransportMessage(Throwable error) {
        String message = error.getMessage();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransportException && cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message;
    }

    /** A message without the "uri: " the transport puts in front and without a trailing full stop. */
    private static String words(String message, String fallback) {
        if (message == null || message.isBlank()) {
            return fallback;
        }
        String text = message.strip();
        int colon = text.indexOf(": ");
        String prefix = colon > 0 ? text.substring(0, colon) : " ";
        if (!prefix.contains(" ") && (prefix.contains("://") || prefix.startsWith("/") || prefix.contains("@"))) {
            text = text.substring(colon + 2).strip();
        }
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() ? fallback : text;
    }
}
