package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.state.StateVerification;
import dev.plumbline.config.AgentConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline state verify}: SQLite's integrity and foreign key checks, the schema version against this
 * build's, the store id against {@code state.id}, and the counts; read-only, safe while an agent runs.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the state store: integrity_check, foreign_key_check, the schema version against this"
                + " build's, the store id against state.id, and how many stacks and inventory rows it holds."
                + " Exit 0 sound, 1 with a line per problem.")
final class StateVerifyCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.applyLogLevel(Level.WARN);
        options.applyLogFormat();
        AgentConfig config = options.load();
        StateVerification.Report report = StateVerification.verify(config.stateDir());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int problems = report.problems().size();
        out.println(report.file() + ": " + (report.sound() ? "sound"
                : problems + (problems == 1 ? " problem" : " problems")));
        report.facts().forEach(fact -> out.println("  " + fact));
        out.flush();
        report.problems().forEach(problem -> err.println("error: " + problem));
        err.flush();
        return report.sound() ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
