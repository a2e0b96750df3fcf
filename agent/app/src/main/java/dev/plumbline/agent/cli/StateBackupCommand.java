package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.state.StateBackup;
import dev.plumbline.config.AgentConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline state backup FILE}: a consistent copy of the state store, taken online (an agent may be
 * running), checked as a restore would check it. Never overwrites a file.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write a consistent copy of the state store to FILE (which must not exist), also while an"
                + " agent runs. Exit 0 written, 1 not.")
final class StateBackupCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup to write; must not exist.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.applyLogLevel(Level.WARN);
        options.applyLogFormat();
        AgentConfig config = options.load();
        StateBackup.Copy copy = StateBackup.backup(config.stateDir(), file);
        spec.commandLine().getOut().printf("Backed up %s to %s (%d bytes): schema version %s, store id %s, %s.%n",
                config.stateDir().toAbsolutePath().normalize().resolve("state.db"), copy.file(), copy.bytes(),
                copy.schemaVersion(), copy.storeId() == null ? "none yet" : copy.storeId(), copy.counts());
        return ExitCodes.OK;
    }
}
