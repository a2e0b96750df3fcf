package dev.plumbline.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.engine.state.AuditEntry;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseInfo;
import dev.plumbline.engine.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline unlock STACK}: breaks the lease, says what it broke, and audits it; and apply's --lock-timeout. */
class UnlockCommandTest {

    @TempDir
    Path dir;

    private Path config;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                sources:
                  - name: infra
                    url: file:///srv/git/infra.git
                providers:
                  - name: local
                    type: files
                    root: ./live
                stacks:
                  - name: web
                    source: infra
                    path: stacks/web
                    provider: local
                """);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private StateStore store() {
        return SqliteStateStore.open(dir.resolve("state"));
    }

    @Test
    void breaksTheLeaseSaysWhatItBrokeAndAuditsIt() {
        LeaseHolder gone = new LeaseHolder("agent", "far-away.invalid", 4242, Optional.empty(), "0000f00d");
        LeaseInfo held;
        try (StateStore store = store()) {
            store.acquire("web", gone, Duration.ofMinutes(5)).orElseThrow();
            held = store.lease("web").orElseThrow();
        }

        Result result = run("unlock", "web", "--config", config.toString());

        assertThat(result.code()).as(result.err()).isZero();
        String broke = "broke the lease of agent pid 4242 on host far-away.invalid (instance 0000f00d) since "
                + held.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (token " + held.token() + ")";
        assertThat(result.out()).isEqualTo("web: " + broke + System.lineSeparator());
        try (StateStore store = store()) {
            assertThat(store.lease("web")).isEmpty();
            assertThat(store.audit().recent(1)).singleElement().satisfies(entry -> {
                assertThat(entry.actor()).isEqualTo("cli:" + System.getProperty("user.name") + "@"
                        + LeaseHolder.thisHost());
                assertThat(entry).extracting(AuditEntry::action, AuditEntry::target, AuditEntry::status,
                        AuditEntry::result).containsExactly("unlock", "stack/web", 200, broke);
            });
        }

        Result again = run("unlock", "web", "--config", config.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("web: the lease was free; nothing to break");
    }

    @Test
    void anUnknownStackIsAnError() {
        Result result = run("unlock", "nope", "--config", config.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("no stack named 'nope'");
    }

    @Test
    void theLockTimeoutIsADurationOrZero() {
        ApplyCommand.LockTimeout convert = new ApplyCommand.LockTimeout();

        assertThat(convert.convert("0")).isZero();
        assertThat(convert.convert("0s")).isZero();
        assertThat(convert.convert("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(convert.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        Result bad = run("apply", "--lock-timeout", "soon", "--config", config.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--lock-timeout").contains("not a duration");
    }
}
