package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.quickstart.Quickstart;
import dev.plumbline.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline quickstart}: creates a demo Git repository and target directory, starts the agent on
 * them with the embedded state store, and says what to try. No server, nothing to install.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Create a demo repository and target directory under ./plumbline-demo and run the agent on them.")
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "plumbline-demo",
            description = "Where to create the demo (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.plumbline")).setLevel(Level.INFO);
        Quickstart quickstart = new Quickstart(dir);
        boolean created = quickstart.prepare();
        var out = spec.commandLine().getOut();
        out.println(created ? "Created the demo in " + quickstart.dir() : "Using the existing demo in "
                + quickstart.dir());
        out.println();
        out.print(quickstart.instructions(Path.of("")));
        out.println();
        out.flush();
        return AgentCommand.runUntilStopped(ConfigLoader.load(quickstart.config()), daemon -> {
            out.print(quickstart.adminInstructions(Path.of(""), daemon.url()));
            out.flush();
        });
    }
}
