package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Workspace;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline unlock STACK}: breaks the stack's lease, for a holder that is gone for good on another host
 * (one gone from this host is taken over at once anyway, and a live one renews its lease while its run
 * lives). Prints what it broke and records it in the audit log, with the actor {@code cli:<user>@<host>}. A
 * holder still alive writes nothing more: its run ends with the reason {@code LeaseLost}.
 */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = "Break a stack's lease left by a process that is gone for good. Exit 0, 1 on error.")
final class UnlockCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack.")
    String stack;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.applyLogLevel(Level.WARN);
        AgentConfig config = options.load();
        StackSelection.select(config, stack);
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Clock.systemUTC().instant();
        try (StateStore store = Workspace.StateStoreOpener.SQLITE.open(config)) {
            Optional<LeaseInfo> broken = store.breakLease(stack);
            String result = broken.map(held -> "broke the lease of " + held.describe() + " (token " + held.token()
                    + (held.expired(now) ? ", expired at " + held.expiresAt() : "") + ")")
                    .orElse("the lease was free; nothing to break");
            store.audit().record(new AuditEntry(0, now, actor(), "unlock", "stack/" + stack, 200, result));
            out.println(stack + ": " + result);
            broken.filter(held -> !held.expired(now) && !held.holder().goneFromThisHost()
                            && held.holder().host().equals(LeaseHolder.thisHost()))
                    .ifPresent(held -> out.println(stack + ": its holder still runs on this host; its run writes"
                            + " nothing more and ends with the reason LeaseLost"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Who broke it, for the audit log: {@code cli:<user>@<host>}. */
    private static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown") + "@" + LeaseHolder.thisHost();
    }
}
