package dev.plumbline.agent.cli;

import dev.plumbline.agent.client.ActionSummary;
import dev.plumbline.agent.client.OutputFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline pause STACK}: the agent stops applying anything to the stack (polls, webhooks, drift
 * checks and syncs are recorded but do not run) until {@code plumbline resume}. Needs the operator role.
 */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Stop applying anything to a stack until resume. Exit 0, 1 on error.")
final class PauseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (one line) or json (the API's JSON as received) (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.render(server.client().pause(stack), ActionSummary::pause));
        out.flush();
        return ExitCodes.OK;
    }
}
