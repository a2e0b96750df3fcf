package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.state.StateBackup;
import dev.plumbline.config.AgentConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline state restore FILE}: puts a backup in place of the state store, after checking it, while no
 * process has the store open; the database it replaces is kept beside it.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Replace the state store with the backup FILE: checked first (a Plumbline state database of"
                + " a schema this build knows, sound), refused while an agent or another command has the store"
                + " open; the replaced database is kept as state.db.replaced-<time>. Exit 0 restored, 1 not.")
final class StateRestoreCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup to restore.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.applyLogLevel(Level.WARN);
        options.applyLogFormat();
        AgentConfig config = options.load();
        StateBackup.Restored restored = StateBackup.restore(config.stateDir(), file, Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        StateBackup.Copy copy = restored.restored();
        out.printf("Restored %s from %s: schema version %s, store id %s, %s.%n", copy.file(),
                file.toAbsolutePath().normalize(), copy.schemaVersion(), copy.storeId(), copy.counts());
        if (restored.replaced() == null) {
            out.println("There was no database to replace.");
        } else {
            out.println("The database it replaced is kept as " + restored.replaced() + ".");
        }
        restored.keptAside().stream().filter(path -> !path.equals(restored.replaced()))
                .forEach(path -> out.println("Also kept aside: " + path));
        return ExitCodes.OK;
    }
}
