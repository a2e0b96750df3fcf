package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server itself: a missing installation fails a test (never skips it), and a server starts and stops. */
class PostgresServerTest {

    @Test
    void aMissingInstallationFailsTheTest(@TempDir Path empty) throws Exception {
        Files.createDirectories(empty.resolve("15/bin"));

        assertThatThrownBy(() -> new PostgresServer(empty).start()).isInstanceOf(AssertionError.class)
                .hasMessage("PostgreSQL is not installed; .ci/run installs it (apt-get install postgresql)");
        assertThatThrownBy(() -> new PostgresServer(empty.resolve("nothing-here")).start())
                .isInstanceOf(AssertionError.class).hasMessage(PostgresServer.NOT_INSTALLED);
    }

    @Test
    void startsAnswersAndCleansUpAfterItself() throws Exception {
        Path data;
        try (PostgresServer server = new PostgresServer().start()) {
            assertThat(server.value("postgres", "SELECT current_setting('listen_addresses')")).hasValue("127.0.0.1");
            assertThat(server.value("postgres", "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
                    .hasValue(true);
            data = Path.of((String) server.value("postgres", "SELECT current_setting('data_directory')").orElseThrow());
            assertThat(data).exists();
        }
        assertThat(data).doesNotExist();
    }
}
