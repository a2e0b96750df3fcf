package dev.plumbline.agent.cli;

import dev.plumbline.agent.client.ActionSummary;
import dev.plumbline.agent.client.OutputFormat;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline rollback STACK --revision SHA}: pins the stack to a commit its source has and applies
 * it; new commits are fetched but not applied until {@code plumbline resume}. Needs the operator role.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Pin a stack to an earlier commit and apply it, until resume. Exit 0, 1 on error.")
final class RollbackCommand implements Callable<Integer> {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Mixin
    ServerOptions server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (one line) or json (the API's JSON as received) (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    String revision;

    @Option(names = "--revision", paramLabel = "SHA", required = true,
            description = "The commit to pin to: a full 40-hex SHA the source has (git rev-parse gives it).")
    void revision(String value) {
        String sha = value.trim().toLowerCase(Locale.ROOT);
        if (!FULL_SHA.matcher(sha).matches()) {
            throw new ParameterException(spec.commandLine(), "--revision must be a full 40-hex commit SHA"
                    + " (git rev-parse " + value.trim() + " prints it), not '" + value + "'");
        }
        revision = sha;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.render(server.client().rollback(stack, revision), ActionSummary::rollback));
        out.flush();
        return ExitCodes.OK;
    }
}
