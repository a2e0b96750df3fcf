package dev.plumbline.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline state}: the embedded state store ({@code <stateDir>/state.db}) as a file to keep safe.
 * The work is in its subcommands: {@code backup}, {@code restore}, {@code verify}, and
 * {@code rebuild-inventory} for a store lost without a backup.
 */
@Command(name = "state", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Back up, restore and verify the embedded state store (<stateDir>/state.db), or rebuild its"
                + " inventory from the providers' ownership records.",
        subcommands = {StateBackupCommand.class, StateRestoreCommand.class, StateVerifyCommand.class,
                StateRebuildInventoryCommand.class})
final class StateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command: backup, restore, verify or rebuild-inventory");
    }
}
