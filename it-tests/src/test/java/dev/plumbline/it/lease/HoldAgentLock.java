package dev.plumbline.it.lease;

import dev.plumbline.agent.state.AgentLock;
import java.nio.file.Path;

/**
 * A process that holds the agent lock of a state directory (args[0]) until it is killed, as a running agent
 * does: for the test of a second agent on one stateDir, in a process of its own.
 */
public final class HoldAgentLock {

    private HoldAgentLock() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentLock lock = AgentLock.acquire(Path.of(args[0]));
        System.out.println("holding " + lock.file());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
