package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Workspace;
import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.ReconcileRequest;
import dev.plumbline.engine.StackReconciler;
import dev.plumbline.engine.Trigger;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.plan.PlanText;
import dev.plumbline.problem.PlumblineException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline apply}: one reconcile of each stack now, whatever its sync policy says (prune still
 * follows the stack's {@code prune}), recorded in the history with the trigger {@code cli}. Exit 0 when
 * every stack converged, 1 otherwise.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Reconcile now: fetch, plan and apply. Exit 0 converged, 1 failed.")
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--stack", paramLabel = "NAME", description = "Only this stack (default: all).")
    String stackName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.applyLogLevel(Level.INFO);
        AgentConfig config = options.load();
        List<StackConfig> stacks = StackSelection.select(config, stackName);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean converged = true;
        try (Workspace workspace = Workspace.open(config)) {
            StackReconciler reconciler = workspace.engine("cli@" + ProcessHandle.current().pid()).reconciler();
            FetchedRevisions revisions = new FetchedRevisions(workspace);
            for (StackConfig stack : stacks) {
                String sha;
                try {
                    sha = revisions.revision(stack);
                } catch (PlumblineException e) {
                    ErrorReporter.print(e, err);
                    converged = false;
                    continue;
                }
                ReconcileOutcome outcome = reconciler.reconcile(ReconcileRequest.at(stack.name(), Trigger.CLI, sha),
                        prepared -> out.print(PlanText.render(stack.name(), prepared.revisionLine(),
                                prepared.plan())));
                out.flush();
                if (outcome.converged()) {
                    out.println(stack.name() + ": " + outcome.message());
                } else {
                    converged = false;
                    err.println(stack.name() + ": " + outcome.reason() + ":");
                    err.println(outcome.message());
                }
            }
        }
        out.flush();
        err.flush();
        return converged ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
