package dev.plumbline.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.agent.client.AdminEndpoint;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Reasons;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline version}: this client's version, the commit it was built from and when, and the Java it runs
 * on; with {@code --server} (or {@code --token-file}) also the running agent's, from
 * {@code GET /api/v1/version} (a viewer's token).
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print this client's version and commit; with --server, the agent's too. Exit 0, 1 on error.")
final class VersionCommand implements Callable<Integer> {

    static final String PATH = "/api/v1/version";
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(BuildInfo.current().describe());
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        out.flush();
        if (server.given()) {
            AdminEndpoint endpoint = server.client().endpoint();
            BuildInfo agent = agentVersion(endpoint);
            out.println("agent at " + endpoint.display() + ": plumbline " + agent.version() + " (commit "
                    + agent.shortRevision() + ")");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * Asks the agent. One call over {@link HttpURLConnection}, as {@link dev.plumbline.agent.client.AdminClient}
     * makes its calls; the same sentences when it fails.
     */
    static BuildInfo agentVersion(AdminEndpoint endpoint) {
        HttpURLConnection connection;
        int status;
        String answer;
        try {
            connection = (HttpURLConnection) endpoint.resolve(PATH).toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new AgentUnavailable("Unreachable", "cannot reach the agent at " + endpoint.display()
                    + ": " + e.getMessage(), e);
        }
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            endpoint.token().ifPresent(token -> connection.setRequestProperty("Authorization", "Bearer " + token));
            status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AgentUnavailable("Unreachable", "cannot reach the agent at " + endpoint.display()
                    + ": " + why(e), e);
        } finally {
            connection.disconnect();
        }
        String agent = "the agent at " + endpoint.display();
        switch (status) {
            case 200 -> { }
            case 401 -> throw new AgentUnavailable("Http401", agent + " refused the token (401): set "
                    + AdminEndpoint.TOKEN_VARIABLE + " or --token-file to a valid token", null);
            case 404 -> throw new AgentUnavailable("Http404", agent + " does not tell its version (404): it is"
                    + " older than " + PATH, null);
            default -> throw new AgentUnavailable("Http" + status, agent + " answered " + status + " to GET " + PATH,
                    null);
        }
        try {
            JsonNode body = JSON.readTree(answer);
            if (body == null || !body.path("version").isTextual()) {
                throw new IOException("no version");
            }
            return new BuildInfo(body.path("version").asText(), body.path("revision").asText(""), null);
        } catch (IOException e) {
            throw new AgentUnavailable(Reasons.BAD_RESPONSE, agent + " answered GET " + PATH
                    + " with 200 but not its version: is it a Plumbline agent?", null);
        }
    }

    private static String why(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (cause instanceof SSLException) {
                return "TLS failed (" + cause.getMessage() + ")";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** The agent's version could not be had: one sentence, printed as {@code error: ...}. */
    static final class AgentUnavailable extends PlumblineException {

        AgentUnavailable(String reason, String message, Throwable cause) {
            super(reason, message, cause);
        }
    }
}
