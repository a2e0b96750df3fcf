package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("plumbline.yaml"), yaml);
    }

    @Test
    void readsListenTlsTokensAndWebhookSecrets() throws IOException {
        Path file = write("""
                admin:
                  listen: 0.0.0.0:8443
                  tls: { certFile: tls/cert.pem, keyFile: tls/key.pem }
                  metricsRequireToken: true
                  maxWebhookBytes: 2MiB
                  tokens:
                    - { name: ops,  role: operator, sha256: "%s" }
                    - { name: dash, role: viewer,   tokenEnv: DASH_TOKEN }
                    - { name: ci,   role: operator, tokenFile: secrets/ci-token }
                sources:
                  - name: infra
                    url: file:///srv/git/infra.git
                    webhook: { secretEnv: INFRA_WEBHOOK_SECRET }
                """.formatted("A".repeat(64)));

        AgentConfig config = ConfigLoader.load(file);

        AdminConfig admin = config.admin();
        assertThat(admin.host()).isEqualTo("0.0.0.0");
        assertThat(admin.port()).isEqualTo(8443);
        AdminConfig.Tls tls = admin.tls().orElseThrow();
        assertThat(tls.certFile()).isEqualTo(dir.resolve("tls/cert.pem"));
        assertThat(tls.keyFile()).isEqualTo(dir.resolve("tls/key.pem"));
        assertThat(tls.certLocation()).hasToString(file + ":3:20");
        assertThat(tls.keyLocation()).hasToString(file + ":3:43");
        assertThat(admin.listenLocation()).hasToString(file + ":2:11");
        assertThat(admin.listen()).isEqualTo("0.0.0.0:8443");
        assertThat(admin.metricsRequireToken()).isTrue();
        assertThat(admin.maxWebhookBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(admin.tokens()).extracting(AdminConfig.Token::name).containsExactly("ops", "dash", "ci");
        assertThat(admin.tokens().get(0).sha256()).contains("a".repeat(64));
        assertThat(admin.tokens().get(1).secret().orElseThrow().describe()).isEqualTo("env DASH_TOKEN");
        assertThat(admin.tokens().get(2).secret().orElseThrow().name()).isEqualTo(dir.resolve("secrets/ci-token").toString());
        SecretRef webhook = config.sources().get(0).webhookSecret().orElseThrow();
        assertThat(webhook.kind()).isEqualTo(SecretRef.Kind.ENV);
        assertThat(webhook.name()).isEqualTo("INFRA_WEBHOOK_SECRET");
    }

    @Test
    void defaultsListenOnLoopback7070WithNoTokens() throws IOException {
        AdminConfig admin = ConfigLoader.load(write("sources: []\n")).admin();
        assertThat(admin.host()).isEqualTo("127.0.0.1");
        assertThat(admin.port()).isEqualTo(7070);
        assertThat(admin.tokens()).isEmpty();
        assertThat(admin.maxWebhookBytes()).isEqualTo(1024 * 1024);
        assertThat(admin.allowInsecure()).isFalse();
        assertThat(admin.failedAuthLimit()).isEqualTo(new RateLimit(0.2, 10));
        AdminConfig.Retention retention = admin.retention();
        assertThat(retention.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(retention.audit()).isEqualTo(new AdminConfig.Keep(Duration.ofDays(90), 100_000));
        assertThat(retention.history()).isEqualTo(new AdminConfig.Keep(Duration.ofDays(90), 1000));
        assertThat(retention.webhookDeliveries()).isEqualTo(new AdminConfig.Keep(Duration.ofDays(7), 100_000));
    }

    @Test
    void readsRetentionAndTheFailedAuthLimitEachKeyDefaultingOnItsOwn() throws IOException {
        AdminConfig admin = ConfigLoader.load(write("""
                admin:
                  failedAuthLimit: { burst: 3 }
                  retention:
                    interval: 10m
                    audit: { maxAge: 30d }
                    history: { maxAge: 1d12h, maxRunsPerStack: 50 }
                    webhookDeliveries: { maxEntries: 500 }
                """)).admin();

        assertThat(admin.failedAuthLimit()).isEqualTo(new RateLimit(0.2, 3));
        AdminConfig.Retention retention = admin.retention();
        assertThat(retention.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(retention.audit()).isEqualTo(new AdminConfig.Keep(Duration.ofDays(30), 100_000));
        assertThat(retention.history()).isEqualTo(new AdminConfig.Keep(Duration.ofHours(36), 50));
        assertThat(retention.webhookDeliveries()).isEqualTo(new AdminConfig.Keep(Duration.ofDays(7), 500));
    }

    @Test
    void reportsEveryRetentionAndLimitProblemWithItsLine() throws IOException {
        Path file = write("""
                admin:
                  failedAuthLimit: { perSecond: fast, burst: 0 }
                  retention:
                    interval: 0s
                    audit: { maxAge: 3 months, maxEntries: -1 }
                    history: { maxRuns: 10 }
                """);

        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));

        assertThat(error.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                file + ":2:33: 'perSecond' in admin.failedAuthLimit must be a number of failures a second above 0"
                        + " (0.2 is one every five seconds), not 'fast'",
                file + ":2:46: 'burst' in admin.failedAuthLimit must be a whole number from 1 to 1000000, not '0'",
                file + ":4:15: 'interval' in admin.retention must be a duration like 90d, 36h or 30m, not '0s'",
                file + ":5:22: 'maxAge' in admin.retention.audit must be a duration like 90d, 36h or 30m,"
                        + " not '3 months'",
                file + ":5:44: 'maxEntries' in admin.retention.audit must be a whole number from 1 to 100000000,"
                        + " not '-1'",
                file + ":6:16: unknown key 'maxRuns' in the config.admin.retention.history (known keys: maxAge,"
                        + " maxRunsPerStack)");
    }

    @Test
    void plainHttpBeyondLoopbackIsRefusedUnlessAllowInsecure() throws IOException {
        Path file = write("admin:\n  listen: 0.0.0.0:7070\n");

        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));

        assertThat(error.problems()).extracting(Problem::toString).containsExactly(file + ":2:11: admin.listen"
                + " 0.0.0.0:7070 is not a loopback address and admin.tls is not set: tokens and webhook bodies would"
                + " cross the network unencrypted; set admin.tls, listen on 127.0.0.1, or set admin.allowInsecure:"
                + " true (behind a proxy that terminates TLS)");
        AdminConfig allowed = ConfigLoader.load(write("admin:\n  listen: 0.0.0.0:7070\n  allowInsecure: true\n"))
                .admin();
        assertThat(allowed.allowInsecure()).isTrue();
        assertThat(allowed.insecure()).isTrue();
    }

    @Test
    void loopbackAddressesAreTheOnlyOnesPlainHttpMayUseByDefault() {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1", "0:0:0:0:0:0:0:1")) {
            assertThat(listening(host).loopback()).as(host).isTrue();
        }
        for (String host : List.of("0.0.0.0", "::", "10.0.0.7", "plumbline.example.org", "999.0.0.1", "fe80::1")) {
            assertThat(listening(host).loopback()).as(host).isFalse();
        }
    }

    private static AdminConfig listening(String host) {
        AdminConfig defaults = AdminConfig.defaults(dev.plumbline.problem.Location.file("p.yaml"));
        return new AdminConfig(host, 7070, java.util.Optional.empty(), List.of(), false, defaults.maxWebhookBytes(),
                defaults.location());
    }

    @Test
    void reportsEveryAdminProblemWithItsLine() throws IOException {
        Path file = write("""
                admin:
                  listen: localhost
                  tokens:
                    - { name: ops, role: admin, sha256: abc }
                    - { name: two, role: viewer, tokenEnv: A, tokenFile: b }
                    - { name: none, role: viewer }
                sources:
                  - name: infra
                    url: file:///x
                    webhook: { }
                """);

        StalledException error = catchThrowableOfType(StalledException.class, () -> ConfigLoader.load(file));

        assertThat(error.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                file + ":2:11: 'listen' in admin must be host:port, like 127.0.0.1:7070 (port 0 picks a free one),"
                        + " not 'localhost'",
                file + ":4:26: 'role' in admin.tokens[0] must be viewer or operator, not 'admin'",
                file + ":4:41: 'sha256' in admin.tokens[0] must be the 64 hex digits of the token's SHA-256"
                        + " (sha256sum prints them)",
                file + ":5:58: admin.tokens[1] takes tokenEnv or tokenFile, not both",
                file + ":6:7: admin.tokens[2] needs exactly one of sha256, tokenEnv or tokenFile",
                file + ":10:14: sources[0].webhook needs the secret its pushes are signed with: secretEnv or secretFile");
    }

    @Test
    void secretsResolveFromTheEnvironmentOrAFileAndSayWhatIsMissing() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "  s3cret \n");
        SecretRef file = SecretRef.file(token, dev.plumbline.problem.Location.of("p.yaml", 3, 5));
        SecretRef env = SecretRef.env("HOOK", dev.plumbline.problem.Location.of("p.yaml", 4, 5));
        List<Problem> problems = new ArrayList<>();

        assertThat(file.resolve(Map.of(), problems)).hasValueSatisfying(v ->
                assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("s3cret"));
        assertThat(env.resolve(Map.of("HOOK", "x"), problems)).isPresent();
        assertThat(env.resolve(Map.of(), problems)).isEmpty();
        assertThat(SecretRef.file(dir.resolve("nope"), file.location()).resolve(Map.of(), problems)).isEmpty();

        assertThat(env.resolve(Map.of("HOOK", ""), "webhook secret of source 'infra'", problems)).isEmpty();

        assertThat(problems).extracting(Problem::toString).containsExactly(
                "p.yaml:4:5: environment variable HOOK is not set",
                "p.yaml:3:5: cannot read " + dir.resolve("nope") + ": no such file",
                "p.yaml:4:5: webhook secret of source 'infra': environment variable HOOK is empty");
    }
}
