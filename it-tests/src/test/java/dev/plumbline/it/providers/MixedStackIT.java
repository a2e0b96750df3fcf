package dev.plumbline.it.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.KubeMockProcess;
import dev.plumbline.provider.etcd.EtcdServer;
import dev.plumbline.provider.postgres.PostgresServer;
import dev.plumbline.source.git.fixture.GitRepo;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One stack of a Kubernetes provider that also holds a PostgreSQL role and database and an etcd key: each
 * resource goes to the provider that serves its API group, and the database and the key, in wave -1, are
 * applied before the Deployment that needs them, in one run. A real PostgreSQL and a real etcd; fabric8's
 * mock API server in a process of its own for Kubernetes.
 */
class MixedStackIT {

    @RegisterExtension
    static final PostgresServer postgres = new PostgresServer();

    @RegisterExtension
    static final EtcdServer etcd = new EtcdServer();

    @TempDir
    Path dir;

    private KubeMockProcess kube;

    @AfterEach
    void stop() throws Exception {
        if (kube != null) {
            kube.close();
        }
        postgres.psql("DROP DATABASE IF EXISTS shop");
        postgres.psql("DROP ROLE IF EXISTS shop");
        postgres.reset();
    }

    @Test
    void aDeploymentADatabaseAndAKeyApplyInOneRunInWaveOrder() throws Exception {
        kube = KubeMockProcess.start();
        Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
        GitRepo repo = GitRepo.create(dir.resolve("repos"), "infra");
        repo.write("stacks/shop/database.yaml", """
                apiVersion: postgres.plumbline.dev/v1
                kind: Role
                metadata: { name: shop, annotations: { plumbline.dev/wave: "-1" } }
                spec: { login: true }
                ---
                apiVersion: postgres.plumbline.dev/v1
                kind: Database
                metadata: { name: shop, annotations: { plumbline.dev/wave: "-1" } }
                spec: { owner: shop }
                """);
        repo.write("stacks/shop/settings.yaml", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: db-url, annotations: { plumbline.dev/wave: "-1" } }
                spec: { key: shop/db-url, value: "postgres://db/shop" }
                """);
        repo.write("stacks/shop/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: shop, namespace: web }
                spec:
                  replicas: 2
                  selector: { matchLabels: { app: shop } }
                  template:
                    metadata: { labels: { app: shop } }
                    spec:
                      containers: [ { name: shop, image: "registry.example/shop:2.1" } ]
                """);
        String sha = repo.commit("A shop: its database, its settings and its Deployment");
        Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                sources:
                  - { name: infra, url: %s, ref: main, interval: 1h }
                providers:
                  - { name: cluster, type: kubernetes, kubeconfig: ./kubeconfig }
                  - { name: db, type: postgres, url: "%s", user: %s, passwordFile: ./pg-password }
                  - { name: kv, type: etcd, endpoints: ["%s"], prefix: /config/ }
                stacks:
                  - name: shop
                    source: infra
                    path: stacks/shop
                    provider: cluster
                    sync: { prune: true }
                """.formatted(repo.fileUrl(), postgres.jdbcUrl("postgres"), postgres.user(), etcd.endpoint()));
        Files.writeString(dir.resolve("pg-password"), postgres.password());

        Cli.Result applied = Cli.run("apply", "--config", config.toString());

        assertThat(applied.code()).as(applied.toString()).isZero();
        String out = applied.out();
        assertThat(out).contains("Role shop").contains("Database shop").contains("Key db-url")
                .contains("Deployment web/shop");
        int deployment = out.indexOf("Deployment web/shop");
        assertThat(out.indexOf("Database shop")).as("wave -1 before wave 0:\n" + out).isLessThan(deployment);
        assertThat(out.indexOf("Key db-url")).isLessThan(deployment);
        assertThat(postgres.value("postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?",
                "shop")).isEqualTo(Optional.of("shop"));
        assertThat(etcd.get("/config/shop/db-url")).contains("postgres://db/shop");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                kube.kubeconfig())).build()) {
            Deployment live = client.apps().deployments().inNamespace("web").withName("shop").get();
            assertThat(live.getSpec().getReplicas()).isEqualTo(2);
            assertThat(live.getMetadata().getAnnotations()).containsEntry("plumbline.dev/stack", "shop")
                    .containsEntry("plumbline.dev/revision", sha);
            assertThat(live.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "plumbline");
        }

        Cli.Result again = Cli.run("plan", "--config", config.toString());
        assertThat(again.code()).as("a second plan is a no-op across the three providers:\n" + again).isZero();
    }
}
