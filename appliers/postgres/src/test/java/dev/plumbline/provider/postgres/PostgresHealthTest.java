package dev.plumbline.provider.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.provider.Health;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A database is healthy when it exists and accepts connections; a role once it exists. */
class PostgresHealthTest {

    @RegisterExtension
    static final PostgresServer SERVER = new PostgresServer();

    @Test
    void aDatabaseThatRefusesConnectionsIsDegraded() throws Exception {
        SERVER.reset();
        SERVER.psql("DROP DATABASE IF EXISTS health");
        try (PostgresProvider provider = new PostgresProvider("db", SERVER.settings("postgres"))) {
            List<Resource> desired = StackFixtures.yaml("""
                    apiVersion: postgres.plumbline.dev/v1
                    kind: Role
                    metadata: {name: health}
                    spec: {login: false}
                    ---
                    apiVersion: postgres.plumbline.dev/v1
                    kind: Database
                    metadata: {name: health}
                    spec: {owner: health}
                    """);
            StackScope web = new StackScope("web");
            assertThat(provider.health(web, desired).values()).extracting(Health::state)
                    .containsOnly(Health.State.PROGRESSING);

            new StackDriver(provider, "web").reconcile("rev1", desired, true);

            assertThat(provider.health(web, desired).values()).containsExactly(Health.healthy("present"),
                    Health.healthy("exists and accepts connections"));
            SERVER.psql("ALTER DATABASE health ALLOW_CONNECTIONS false");
            assertThat(provider.health(web, desired).get(desired.get(1).key())).isEqualTo(Health.degraded(
                    "exists, but it does not allow connections (ALLOW_CONNECTIONS false)"));
        } finally {
            SERVER.psql("DROP DATABASE IF EXISTS health");
            SERVER.psql("DROP ROLE IF EXISTS health");
        }
    }
}
