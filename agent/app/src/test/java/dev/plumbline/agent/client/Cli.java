package dev.plumbline.agent.client;

import dev.plumbline.agent.cli.Main;
import dev.plumbline.agent.cli.PlumblineCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code plumbline} command line in tests and keeps what it printed. */
final class Cli {

    /** The exit code and what went to stdout and stderr. */
    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    /** Through {@link Main#run}, exactly as the launcher runs it (the process's environment). */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** With a given environment instead of the process's ({@link Main#run} cannot take one). */
    static Result runWith(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new PlumblineCommand(environment));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
