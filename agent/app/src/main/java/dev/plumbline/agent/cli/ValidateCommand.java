package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Workspace;
import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.engine.StackPlanner;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.Preflight;
import dev.plumbline.config.StackConfig;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code plumbline validate}: checks the config, everything it refers to (the {@link Preflight}: tokens,
 * webhook secrets, provider credentials, TLS files; not the admin port, which the running agent may hold),
 * and every stack's manifests at its source's current revision (fetched now), without observing or changing
 * anything live. Lists every problem, one per line.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the config and every stack's manifests at the source's current revision."
                + " Exit 0 when valid, 1 with every problem listed as path:line:col: message.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.applyLogLevel(Level.WARN);
        AgentConfig config = options.load();
        Object root = spec.root().userObject();
        Map<String, String> environment = root instanceof PlumblineCommand plumbline ? plumbline.environment()
                : System.getenv();
        List<Problem> problems = new ArrayList<>(Preflight.problems(config, environment, AdminServer::checkTls));
        int resources = 0;
        try (Workspace workspace = Workspace.open(config, null, environment)) {
            StackPlanner planner = workspace.engine("cli").planner();
            FetchedRevisions revisions = new FetchedRevisions(workspace);
            for (StackConfig stack : config.stacks()) {
                try {
                    resources += planner.render(stack, revisions.snapshot(stack)).size();
                } catch (StalledException e) {
                    problems.addAll(e.problems().isEmpty()
                            ? List.of(Problem.at(stack.location(), e.getMessage())) : e.problems());
                } catch (PlumblineException e) {
                    problems.add(Problem.at(config.source(stack.source()).orElseThrow().location(), e.getMessage()));
                }
            }
        } catch (StalledException e) { // the providers' settings: nothing to render with
            problems.addAll(e.problems().isEmpty()
                    ? List.of(Problem.at(Location.file(config.file().toString()), e.getMessage())) : e.problems());
        }
        if (!problems.isEmpty()) {
            throw new StalledException(Reasons.VALIDATION_FAILED, problems.stream().distinct().toList());
        }
        spec.commandLine().getOut().printf("%s: valid (%d source(s), %d provider(s), %d stack(s), %d resource(s))%n",
                config.file(), config.sources().size(), config.providers().size(), config.stacks().size(),
                resources);
        return ExitCodes.OK;
    }
}
