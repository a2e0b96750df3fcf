package dev.plumbline.agent.cli;

import ch.qos.logback.classic.Level;
import dev.plumbline.agent.Agent;
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
        return runUntilStopped(options.load());
    }

    /** Starts the agent and blocks until the JVM is asked to stop, then stops the agent cleanly. */
    static int runUntilStopped(AgentConfig config) throws InterruptedException {
        Agent agent = Agent.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "plumbline-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
