package dev.plumbline.agent.state;

import dev.plumbline.engine.state.StateStore;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.RunStart;
import dev.plumbline.engine.state.RunEnd;
import dev.plumbline.engine.state.RunRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.plumbline.model.InventoryEntry;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.TransientException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The SQLite store on its own: schema, inventory, status, history, leases and failures, in a temp dir. */
class SqliteStateStoreTest {

    static final ResourceKey SITE = new ResourceKey("local", "files.plumbline.dev", "File", "", "site-conf");
    static final ResourceKey API = new ResourceKey("k8s", "apps", "Deployment", "web", "api");
    static final String SHA1 = "1111111111111111111111111111111111111111";
    static final String SHA2 = "2222222222222222222222222222222222222222";
    static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123Z");

    @TempDir
    Path dir;

    private final List<StateStore> opened = new ArrayList<>();

    private SqliteStateStore open() {
        SqliteStateStore store = SqliteStateStore.open(dir.resolve("state"));
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(StateStore::close);
    }

    @Test
    void firstOpenCreatesTheSchemaAndDataSurvivesReopening() throws SQLException {
        SqliteStateStore store = open();
        assertThat(dir.resolve("state/state.db")).isRegularFile();
        assertThat(tables()).contains("inventory", "stack_status", "runs", "leases", "flyway_schema_history");
        store.applied("web", SITE, "sha256:a", SHA1);
        store.saveStatus(new StackStatus("web", SHA1, T0, SHA1, T0, "Ready", "Applied", "ok", 0, T0));
        long run = store.startRun(new RunStart("web", SHA1, "poll", "", T0));
        store.close();

        SqliteStateStore again = open();

        assertThat(again.inventory("web")).containsOnlyKeys(SITE);
        assertThat(again.status("web")).get().extracting(StackStatus::condition).isEqualTo("Ready");
        assertThat(again.history("web", 10)).extracting(RunRecord::id).containsExactly(run);
        assertThat(tables()).contains("inventory", "stack_status", "runs", "leases");
    }

    @Test
    void connectionsUseTheWriteAheadLogAndWaitForOtherWriters() {
        SqliteStateStore store = open();

        assertThat(store.pragma("journal_mode")).isEqualTo("wal");
        assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
        assertThat(store.pragma("foreign_keys")).isEqualTo("1");
        assertThat(store.pragma("busy_timeout")).isEqualTo("10000");
    }

    @Test
    void aFileThatIsNotADatabaseGivesASentence() throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("state.db"), "this is not a database, only some text ".repeat(100));

        TransientException error = catchThrowableOfType(TransientException.class, this::open);

        assertThat(error.reason()).isEqualTo("StateStoreError");
        assertThat(error.getMessage())
                .startsWith("Could not open the state database " + state.resolve("state.db") + ": ")
                .contains("the file is not a SQLite database")
                .doesNotContain("SQLITE_", "Exception", "\tat ", "\n");
    }

    @Test
    void aStateDirThatIsAFileGivesASentence() throws IOException {
        Files.writeString(dir.resolve("state"), "a file where the directory should be");

        TransientException error = catchThrowableOfType(TransientException.class, this::open);

        assertThat(error.reason()).isEqualTo("StateStoreError");
        assertThat(error.getMessage()).isEqualTo("Could not open the state database "
                + dir.resolve("state/state.db") + ": " + dir.resolve("state") + " should be a directory but is a file.");
    }

    @Test
    void migratesQuietlyThroughSlf4jAndPrintsNothing() {
        // whatever the shipped logging says, let Flyway's INFO lines through to a list instead of the console
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger flyway = (Logger) LoggerFactory.getLogger("org.flywaydb");
        Level flywayLevel = flyway.getLevel();
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        appenders.forEach(root::detachAppender);
        root.addAppender(events);
        flyway.setLevel(Level.INFO);
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            open().applied("web", SITE, "sha256:a", SHA1);
        } finally {
            System.setOut(stdout);
            flyway.setLevel(flywayLevel);
            root.detachAppender(events);
            appenders.forEach(root::addAppender);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(events.list).extracting(ILoggingEvent::getLoggerName)
                .anySatisfy(name -> assertThat(name).startsWith("org.flywaydb"));
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/state.db"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
