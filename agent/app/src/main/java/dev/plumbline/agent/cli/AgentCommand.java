package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Daemon;
import dev.plumbline.agent.admin.AdminServer;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.Preflight;
import dev.plumbline.problem.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline agent}: the daemon. Before anything starts, the {@link Preflight} and the admin address:
 * every token, webhook secret, provider credential and TLS file the config names must be there and
 * {@code admin.listen} must be free, or it exits 1 listing every problem at its line, having opened, fetched
 * and written nothing. Then it runs until SIGTERM or Ctrl-C and stops cleanly: no new runs start, the run in
 * progress finishes its current change and records itself, the state store is closed.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the daemon: poll sources, reconcile stacks, correct or report drift.")
final class AgentCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        options.applyLogLevel(Level.INFO);
        options.applyLogFormat();
        Object root = spec.root().userObject();
        return runUntilStopped(options.load(), root instanceof PlumblineCommand plumbline ? plumbline.environment()
                : System.getenv(), daemon -> { });
    }

    /** As below, with the process's environment. */
    static int runUntilStopped(AgentConfig config, java.util.function.Consumer<Daemon> started)
            throws InterruptedException {
        return runUntilStopped(config, System.getenv(), started);
    }

    /**
     * Checks what the config refers to and binds the admin address (held for the admin server, so that
     * nothing can take it in between), starts the daemon, tells {@code started} about it, and blocks until
     * the JVM is asked to stop, then stops it cleanly.
     */
    static int runUntilStopped(AgentConfig config, Map<String, String> environment,
                               java.util.function.Consumer<Daemon> started) throws InterruptedException {
        List<Problem> problems = new ArrayList<>(Preflight.problems(config, environment, AdminServer::checkTls));
        Optional<AdminServer.Reservation> listen = AdminServer.reserve(config.admin(), problems);
        Daemon daemon;
        try {
            if (!problems.isEmpty()) {
                throw Preflight.refusal(problems);
            }
            daemon = Daemon.start(config, Clock.systemUTC(), environment);
        } finally {
            listen.ifPresent(AdminServer.Reservation::close); // a no-op once the admin server serves on it
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "plumbline-shutdown"));
        started.accept(daemon);
        stopped.await();
        return ExitCodes.OK;
    }
}
