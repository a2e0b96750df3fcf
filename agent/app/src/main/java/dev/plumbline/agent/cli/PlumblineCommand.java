package dev.plumbline.agent.cli;

import java.util.Map;
import picocli.CommandLine.Command;

/**
 * The top-level {@code plumbline} command; the work is in its subcommands. It holds the environment the
 * client commands read {@code PLUMBLINE_SERVER} and {@code PLUMBLINE_TOKEN} from: the process's, or one
 * given (tests, embedding).
 */
@Command(name = "plumbline", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Plumbline: a GitOps reconciliation daemon. Git holds the desired state; Plumbline makes"
                + " the live state match.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, AgentCommand.class,
                QuickstartCommand.class, StatusCommand.class, HistoryCommand.class, SyncCommand.class,
                PauseCommand.class, ResumeCommand.class, RollbackCommand.class, UnlockCommand.class, StateCommand.class,
                VersionCommand.class, CompletionCommand.class, RecordClassesCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class PlumblineCommand {

    private final Map<String, String> environment;

    public PlumblineCommand() {
        this(System.getenv());
    }

    public PlumblineCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }
}
