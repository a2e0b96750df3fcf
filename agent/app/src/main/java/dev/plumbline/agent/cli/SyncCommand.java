package dev.plumbline.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.agent.client.ActionSummary;
import dev.plumbline.agent.client.AdminClient;
import dev.plumbline.agent.client.Condition;
import dev.plumbline.agent.client.OutputFormat;
import dev.plumbline.agent.client.RequestWait;
import dev.plumbline.yaml.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code plumbline sync STACK}: asks the agent to reconcile the stack now and prints the request id. With
 * {@code --wait}, polls the stack until it has handled the request and exits by its Ready condition.
 * Needs the operator role.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Ask the agent to reconcile a stack now. Exit 0 requested (with --wait: Ready), 1 otherwise.")
final class SyncCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (one line) or json (the API's JSON as received; with --wait, then the stack's)"
                    + " (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--hard", description = "Also fetch the source and drop the render cache first.")
    boolean hard;

    @Option(names = "--allow-mass-prune", description = "Let this run through the prune guard, once.")
    boolean allowMassPrune;

    @Option(names = "--wait", description = "Wait until the stack has handled the request; exit 0 if it is then"
            + " Ready, 1 if not.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long --wait waits, like 30s, 2m, 1h (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AdminClient client = server.client();
        PrintWriter out = spec.commandLine().getOut();
        JsonNode requested = client.sync(stack, hard, allowMassPrune);
        out.print(output.render(requested, ActionSummary::sync));
        out.flush();
        if (!wait) {
            return ExitCodes.OK;
        }
        String requestId = requested.path("requestId").asText();
        if (output == OutputFormat.table) {
            out.println("waiting up to " + Durations.format(timeout) + " for " + stack + " to handle it");
            out.flush();
        }
        JsonNode handled = new RequestWait(client, RequestWait.DEFAULT_INTERVAL).until(stack, requestId, timeout);
        out.print(output.render(handled, ActionSummary::outcome));
        out.flush();
        return Condition.ready(handled).isTrue() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /** {@code --timeout}: durations as the config writes them ({@code 30s}, {@code 2m}, {@code 1h30m}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
