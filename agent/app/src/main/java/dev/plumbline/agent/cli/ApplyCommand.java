package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Workspace;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.ReconcileOutcome;
import dev.plumbline.engine.ReconcileRequest;
import dev.plumbline.engine.StackReconciler;
import dev.plumbline.engine.Trigger;
import dev.plumbline.engine.apply.StopSignal;
import dev.plumbline.engine.port.ReconcileListener;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.StackConfig;
import dev.plumbline.plan.PlanText;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.yaml.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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

    @Option(names = "--allow-mass-prune", description = "Let this run delete more than sync.maxPrunePercent of a"
            + " stack, or all of it (the prune guard stops such runs otherwise).")
    boolean allowMassPrune;

    @Option(names = "--stack", paramLabel = "NAME", description = "Only this stack (default: all).")
    String stackName;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = LockTimeout.class, description = "How long to wait for a stack another process is"
            + " reconciling, like 30s, 2m or 0s (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

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
            StackReconciler reconciler = new Engine(workspace.ports(Clock.systemUTC(), ReconcileListener.none()),
                    new StopSignal(), LeaseHolder.thisProcess("cli"), lockTimeout).reconciler();
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
                ReconcileRequest request = ReconcileRequest.at(stack.name(), Trigger.CLI, sha);
                ReconcileOutcome outcome = reconciler.reconcile(allowMassPrune ? request.allowingMassPrune() : request,
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

    /** {@code --lock-timeout}: a duration as the config writes them ({@code 30s}, {@code 2m}), or 0 not to wait. */
    static final class LockTimeout implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.strip().matches("0+(ms|s|m|h)?")) {
                return Duration.ZERO;
            }
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
