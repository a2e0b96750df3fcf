package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StateStore;
import dev.plumbline.engine.state.StateStoreCompatibilityKit;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store keeps the contract of every state store, on a fresh file in a temp dir. */
class SqliteStateStoreKitTest extends StateStoreCompatibilityKit {

    @TempDir
    Path dir;

    @Override
    protected StateStore open(Clock clock) {
        return SqliteStateStore.open(dir, clock);
    }
}
