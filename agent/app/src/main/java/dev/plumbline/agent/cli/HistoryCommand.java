package dev.plumbline.agent.cli;

import dev.plumbline.agent.client.OutputFormat;
import dev.plumbline.agent.client.RunHistoryTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plumbline history STACK}: the stack's runs as the agent recorded them, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Ask the agent for a stack's runs, newest first. Exit 0, 1 on error.")
final class HistoryCommand implements Callable<Integer> {

    /** The API's cap on {@code limit}. */
    static final int MAX_LIMIT = 500;

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (the API's JSON as received) (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    Integer limit;

    @Option(names = "--limit", paramLabel = "N", description = "At most N runs, 1 to 500 (default: the agent's, 20).")
    void limit(int value) {
        if (value < 1 || value > MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and " + MAX_LIMIT
                    + ", not " + value);
        }
        limit = value;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.render(server.client().history(stack, limit), RunHistoryTable::render));
        out.flush();
        return ExitCodes.OK;
    }
}
