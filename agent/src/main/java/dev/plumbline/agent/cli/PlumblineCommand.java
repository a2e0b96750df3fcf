package dev.plumbline.agent.cli;

import picocli.CommandLine.Command;

/** The top-level {@code plumbline} command; the work is in its subcommands. */
@Command(name = "plumbline", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Plumbline: a GitOps reconciliation daemon. Git holds the desired state; Plumbline makes"
                + " the live state match.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, AgentCommand.class,
                QuickstartCommand.class, picocli.CommandLine.HelpCommand.class})
public final class PlumblineCommand {
}
