package dev.plumbline.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline validate} and {@code plumbline agent} report every reference the config makes that is not
 * there, each at its line, exit 1 without a stack trace, and {@code agent} opens and writes nothing.
 */
class PreflightCommandsTest {

    /** Line 4 names a PKCS#1 key, 6 and 7 the tokens, 11 the webhook secret, 17 the PostgreSQL password. */
    private static final String CONFIG = """
            stateDir: ./state
            admin:
              listen: 127.0.0.1:%d
              tls: { certFile: cert.pem, keyFile: key-pkcs1.pem }
              tokens:
                - { name: ops, role: operator, tokenEnv: OPS_TOKEN }
                - { name: ci, role: operator, tokenFile: ci-token }
            sources:
              - name: infra
                url: ./repos/infra.git
                webhook: { secretEnv: HOOK_SECRET }
            providers:
              - name: db
                type: postgres
                url: jdbc:postgresql://127.0.0.1:5432/postgres
                user: plumbline
                passwordEnv: PG_PASSWORD
            """;

    private record Result(int code, String out, String err) {
    }

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void fixtures() throws IOException {
        for (String name : List.of("cert.pem", "key-pkcs1.pem")) {
            try (InputStream in = getClass().getResourceAsStream("/dev/plumbline/agent/admin/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Files.writeString(dir.resolve("ci-token"), "\n");
        config = dir.resolve("plumbline.yaml");
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String at(int line, int column) {
        return config + ":" + line + ":" + column + ": ";
    }

    private List<String> referenceProblems() {
        Path key = dir.resolve("key-pkcs1.pem");
        return List.of(
                at(4, 39) + key + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with: openssl pkcs8"
                        + " -topk8 -nocrypt -in " + key + " -out key.pkcs8.pem",
                at(6, 46) + "admin token 'ops': environment variable OPS_TOKEN is not set",
                at(7, 46) + "admin token 'ci': " + dir.resolve("ci-token") + " is empty",
                at(11, 27) + "webhook secret of source 'infra': environment variable HOOK_SECRET is not set",
                at(17, 18) + "the password of provider 'db': environment variable PG_PASSWORD is not set");
    }

    @Test
    void validateListsEveryMissingReferenceAtItsLine() throws IOException {
        Files.writeString(config, CONFIG.formatted(0));

        Result result = run("validate", "--config", config.toString());

        assertThat(result.code()).as(result.err()).isEqualTo(1);
        assertThat(result.err().lines().toList()).isEqualTo(referenceProblems());
    }

    @Test
    void agentRefusesToStartWithEveryProblemIncludingABusyPortAndWritesNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(config, CONFIG.formatted(taken.getLocalPort()));

            Result result = run("agent", "--config", config.toString());

            assertThat(result.code()).as(result.err()).isEqualTo(1);
            List<String> expected = new java.util.ArrayList<>(List.of(at(3, 11) + "cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + " (admin.listen): the address is already in use; stop what listens"
                    + " there or choose another port (0 picks a free one)"));
            expected.addAll(referenceProblems());
            assertThat(result.err().lines().toList()).isEqualTo(expected);
            assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(dir.resolve("state")).as("no state store, no mirrors").doesNotExist();
    }
}
