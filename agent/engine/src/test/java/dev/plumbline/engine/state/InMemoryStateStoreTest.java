package dev.plumbline.engine.state;

import java.time.Clock;

/** The in-memory store keeps the same contract as the agent's SQLite store. */
class InMemoryStateStoreTest extends StateStoreCompatibilityKit {

    @Override
    protected StateStore open(Clock clock) {
        return new InMemoryStateStore(clock);
    }
}
