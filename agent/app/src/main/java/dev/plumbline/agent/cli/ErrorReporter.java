package dev.plumbline.agent.cli;

import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns a failure that escaped a command into what a person reads: every problem of a stalled failure on
 * its own line ({@code file:line:col: message}), anything else as one {@code error:} sentence. The stack
 * trace goes to the log at debug only.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine,
                                        CommandLine.ParseResult parseResult) {
        print(exception, commandLine.getErr());
        return ExitCodes.ERROR;
    }

    static void print(Exception exception, java.io.PrintWriter err) {
        if (exception instanceof StalledException stalled && !stalled.problems().isEmpty()) {
            for (Problem problem : stalled.problems()) {
                err.println(problem);
            }
        } else if (exception instanceof PlumblineException known) {
            err.println("error: " + known.getMessage());
        } else {
            LOG.debug("unexpected failure", exception);
            err.println("error: " + (exception.getMessage() == null ? exception.getClass().getSimpleName()
                    : exception.getMessage()));
        }
        err.flush();
    }
}
