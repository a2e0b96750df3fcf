package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Daemon;
import dev.plumbline.config.AgentConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code plumbline agent}: the daemon. Runs until SIGTERM or Ctrl-C, then stops cleanly: no new runs
 * start, the run in progress finishes its current change and records itself, the state store is closed.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the daemon: poll sources, reconcile stacks, correct or report drift.")
final class AgentCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws InterruptedException {
        options.applyLogLevel(Level.INFO);
        options.applyLogFormat();
        return runUntilStopped(options.load(), daemon -> { });
    }

    /**
     * Starts the daemon, tells {@code started} about it, and blocks until the JVM is asked to stop, then
     * stops it cleanly.
     */
    static int runUntilStopped(AgentConfig config, java.util.function.Consumer<Daemon> started)
            throws InterruptedException {
        Daemon daemon = Daemon.start(config, Clock.systemUTC(), System.getenv());
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
