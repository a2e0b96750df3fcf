package dev.plumbline.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.agent.client.AdminClient;
import dev.plumbline.agent.client.OutputFormat;
import dev.plumbline.agent.client.StackDetail;
import dev.plumbline.agent.client.StackTable;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline status [STACK]}: asks the running agent how its stacks are. Without a stack, a table of
 * all of them; with one, that stack in full (conditions, revisions, next run, paused, pinned).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ask the agent how its stacks are: a table of all, or one stack in full. Exit 0, 1 on error.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "STACK", description = "One stack, in full.")
    String stack;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (the API's JSON as received) (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AdminClient client = server.client();
        Instant now = Clock.systemUTC().instant();
        PrintWriter out = spec.commandLine().getOut();
        if (stack == null) {
            JsonNode stacks = client.stacks();
            out.print(output.render(stacks, body -> StackTable.render(body, now)));
        } else {
            JsonNode one = client.stack(stack);
            out.print(output.render(one, body -> StackDetail.render(body, now)));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
