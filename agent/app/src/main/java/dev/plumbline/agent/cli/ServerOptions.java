package dev.plumbline.agent.cli;

import dev.plumbline.agent.client.AdminClient;
import dev.plumbline.agent.client.AdminEndpoint;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command that talks to a running agent shares: where its admin API is and which token to
 * show it. The environment ({@code PLUMBLINE_SERVER}, {@code PLUMBLINE_TOKEN}) comes from the
 * {@link PlumblineCommand} at the root, so that tests can give their own.
 */
final class ServerOptions {

    @Option(names = "--server", paramLabel = "URL",
            description = "The agent's admin API (default: $" + AdminEndpoint.SERVER_VARIABLE + ", else "
                    + AdminEndpoint.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the API token from FILE, trimmed (default: $" + AdminEndpoint.TOKEN_VARIABLE + ").")
    Path tokenFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Whether --server or --token-file was given: {@code plan} then asks the agent. */
    boolean given() {
        return server != null || tokenFile != null;
    }

    AdminClient client() {
        return new AdminClient(AdminEndpoint.resolve(server, tokenFile, environment()));
    }

    private Map<String, String> environment() {
        Object root = mixee.root().userObject();
        return root instanceof PlumblineCommand plumbline ? plumbline.environment() : System.getenv();
    }
}
