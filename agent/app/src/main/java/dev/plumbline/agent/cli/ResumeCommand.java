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
 * {@code plumbline resume STACK}: undoes pause and rollback: the stack is neither paused nor pinned, and
 * the agent reconciles it at the source's current revision. Needs the operator role.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Unpause and unpin a stack, and reconcile it at the source's current revision."
                + " Exit 0, 1 on error.")
final class ResumeCommand implements Callable<Integer> {

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
        out.print(output.render(server.client().resume(stack), ActionSummary::resume));
        out.flush();
        return ExitCodes.OK;
    }
}
