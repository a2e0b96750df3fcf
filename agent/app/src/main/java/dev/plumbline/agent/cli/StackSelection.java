package dev.plumbline.agent.cli;

import dev.plumbline.problem.Reasons;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.util.List;

/** Picks the stacks a command works on: all, or the one named with --stack. */
final class StackSelection {

    private StackSelection() {
    }

    static List<StackConfig> select(AgentConfig config, String name) {
        if (name == null) {
            return config.stacks();
        }
        return config.stack(name).map(List::of).orElseThrow(() -> new StalledException(Reasons.UNKNOWN_STACK,
                List.of(Problem.at(Location.file(config.file().toString()), "no stack named '" + name
                        + "' (stacks: " + String.join(", ", config.stacks().stream().map(StackConfig::name)
                        .toList()) + ")"))));
    }
}
