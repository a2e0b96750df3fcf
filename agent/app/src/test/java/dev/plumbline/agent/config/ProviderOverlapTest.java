package dev.plumbline.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two providers over one place (a directory, a key prefix, a server's role) are refused, naming both. */
class ProviderOverlapTest {

    @TempDir
    Path dir;

    private AgentConfig config(String providers) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("plumbline.yaml"), "providers:\n" + providers));
    }

    @Test
    void nestedRootsPrefixesAndOneRoleOnOneServerAreRefusedAtTheLaterProvider() throws IOException {
        AgentConfig config = config("""
                  - { name: site, type: files, root: ./live }
                  - { name: nested, type: files, root: ./live/app }
                  - { name: kv, type: etcd, endpoints: ["http://127.0.0.1:2379"], prefix: /config/ }
                  - { name: kv-app, type: etcd, endpoints: ["http://LOCALHOST:2380", "http://127.0.0.1:2379"], prefix: /config/app/ }
                  - { name: db, type: postgres, url: "jdbc:postgresql://db.example:5432/postgres", user: plumbline, passwordEnv: PG }
                  - { name: db-too, type: postgres, url: "jdbc:postgresql://db.example/app", user: plumbline, passwordEnv: PG }
                """);

        StalledException refused = catchThrowableOfType(StalledException.class,
                () -> Providers.create(config.providers(), Map.of("PG", "x")));

        Path live = dir.resolve("live").toAbsolutePath().normalize();
        assertThat(refused.problems()).extracting(Problem::toString).containsExactly(
                config.file() + ":3:5: provider 'nested' (files root " + live.resolve("app") + ") overlaps provider"
                        + " 'site' (files root " + live + ", line 2): two providers over one place would overwrite"
                        + " and prune each other's objects; give each its own",
                config.file() + ":5:5: provider 'kv-app' (etcd prefix /config/app/ at http://LOCALHOST:2380)"
                        + " overlaps provider 'kv' (etcd prefix /config/ at http://127.0.0.1:2379, line 4): two"
                        + " providers over one place would overwrite and prune each other's objects; give each its own",
                config.file() + ":7:5: provider 'db-too' (role plumbline on db.example) overlaps provider 'db' (role"
                        + " plumbline on db.example:5432, line 6): two providers over one place would overwrite and"
                        + " prune each other's objects; give each its own");
    }

    @Test
    void siblingsOtherPrefixesAndOtherRolesAreFine() throws IOException {
        AgentConfig config = config("""
                  - { name: site, type: files, root: ./live }
                  - { name: site2, type: files, root: ./live2 }
                  - { name: kv, type: etcd, endpoints: ["http://127.0.0.1:2379"], prefix: /config/ }
                  - { name: kv2, type: etcd, endpoints: ["http://127.0.0.1:2379"], prefix: /configs/ }
                  - { name: kv3, type: etcd, endpoints: ["http://10.0.0.2:2379"], prefix: /config/ }
                  - { name: db, type: postgres, url: "jdbc:postgresql://db.example:5432/postgres", user: a, passwordEnv: PG }
                  - { name: db2, type: postgres, url: "jdbc:postgresql://db.example:5432/postgres", user: b, passwordEnv: PG }
                """);

        try (Providers providers = Providers.create(config.providers(), Map.of("PG", "x"))) {
            assertThat(providers.get("site2")).isPresent();
        }
    }
}
