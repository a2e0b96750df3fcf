package dev.plumbline.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent per state directory: the OS lock on {@code agent.lock}, naming its holder to a second agent, and
 * held by a command that must not run beside an agent.
 */
class AgentLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondAgentIsRefusedNamingTheFirst() throws Exception {
        Path stateDir = dir.resolve("state");
        try (AgentLock first = AgentLock.acquire(stateDir)) {
            String holder = "agent pid " + ProcessHandle.current().pid() + " on host " + LeaseHolder.thisHost();
            assertThat(Files.readString(first.file())).startsWith(holder + " since ");

            TransientException refused = catchThrowableOfType(TransientException.class,
                    () -> AgentLock.acquire(stateDir));

            assertThat(refused.reason()).isEqualTo(Reasons.LOCKED);
            assertThat(refused.getMessage()).startsWith("another agent already runs with the state directory "
                    + stateDir.toAbsolutePath() + ": " + holder + " since ")
                    .contains("give this agent a stateDir of its own");
        }
    }

    @Test
    void anAgentIsRefusedWhileARebuildOfTheInventoryHoldsTheLock() {
        Path stateDir = dir.resolve("state");
        try (AgentLock rebuild = AgentLock.acquireFor(stateDir, "state rebuild-inventory")) {
            TransientException refused = catchThrowableOfType(TransientException.class,
                    () -> AgentLock.acquire(stateDir));

            assertThat(refused.reason()).isEqualTo(Reasons.LOCKED);
            assertThat(refused.getMessage()).contains(": plumbline state rebuild-inventory pid "
                    + ProcessHandle.current().pid() + " on host " + LeaseHolder.thisHost() + " since ")
                    .endsWith("(the lock is " + rebuild.file() + ")");
        }
    }

    @Test
    void closingLetsGoAndKeepsTheFile() {
        Path stateDir = dir.resolve("state");
        AgentLock first = AgentLock.acquire(stateDir);
        first.close();
        first.close();

        try (AgentLock second = AgentLock.acquire(stateDir)) {
            assertThat(second.file()).isEqualTo(first.file()).isRegularFile();
        }
        assertThat(AgentLock.acquire(dir.resolve("other"))).as("another state directory").isNotNull();
    }
}
