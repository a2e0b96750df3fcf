package dev.plumbline.agent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code plumbline} command line: {@code validate}, {@code plan}, {@code apply}, {@code agent},
 * {@code quickstart}, and the client of a running agent: {@code status}, {@code history}, {@code sync},
 * {@code pause}, {@code resume}, {@code rollback} (and {@code plan STACK --server}). Exit codes: 0 success,
 * 1 error, and for {@code plan} 2 when changes are pending.
 * Errors a person can cause print as one clear line each (with {@code file:line:col}); never a stack trace.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String names = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (!names.equalsIgnoreCase("UTF-8")) {
            // Java names files in the locale's charset; the launcher sets a UTF-8 locale, a bare java -jar may not
            System.err.println("plumbline: warning: the locale's charset is " + names + ", not UTF-8, so paths with"
                    + " characters outside it cannot be read or written; run under a UTF-8 locale (LC_ALL=C.UTF-8)");
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.getenv(), out, err);
    }

    /** As above, with the environment the client commands read (PLUMBLINE_SERVER, PLUMBLINE_TOKEN) given. */
    public static int run(String[] args, java.util.Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new PlumblineCommand(environment));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println("error: " + exception.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.ERROR;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
