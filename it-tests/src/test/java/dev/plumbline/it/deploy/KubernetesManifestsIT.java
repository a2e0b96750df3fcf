package dev.plumbline.it.deploy;

import static dev.plumbline.it.deploy.DeployFiles.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.AdminConfig;
import dev.plumbline.config.AgentConfig;
import dev.plumbline.config.ConfigLoader;
import dev.plumbline.config.Preflight;
import dev.plumbline.it.fixture.Cli;
import dev.plumbline.it.fixture.KubeMockProcess;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.render.ManifestFile;
import dev.plumbline.render.RenderRequest;
import dev.plumbline.render.RenderResult;
import dev.plumbline.render.Renderer;
import dev.plumbline.source.git.fixture.GitRepo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests of {@code deploy/kubernetes}: they render as a stack of Plumbline's own renders them, with no
 * problem; every field is one the Kubernetes API knows (fabric8's model keeps unknown ones aside, so a misspelt
 * {@code readOnlyRootFileSystem} is caught); the StatefulSet runs the agent as the install guide says; the
 * plumbline.yaml the ConfigMap holds loads, and the StatefulSet sets every variable it reads; and Plumbline applies
 * the set to fabric8's mock API server, after which a plan finds nothing to change.
 */
class KubernetesManifestsIT {

    private static final Map<String, String> EXPECTED = Map.of(
            "ServiceAccount", "plumbline",
            "ConfigMap", "plumbline-config",
            "Service", "plumbline",
            "StatefulSet", "plumbline");

    @TempDir
    Path dir;

    @Test
    void everyFileRendersAsAStackWithNoProblem() throws Exception {
        List<ManifestFile> files = new ArrayList<>();
        for (Path file : DeployFiles.kubernetesManifests()) {
            byte[] content = Files.readAllBytes(file);
            files.add(new ManifestFile("deploy/kubernetes/" + file.getFileName(), blobId(content), content));
        }

        RenderResult result = new Renderer().render(new RenderRequest("plumbline", "cluster", Map.of(), files));

        assertThat(result.problems()).as("problems rendering deploy/kubernetes").isEmpty();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Resource resource : result.resources()) {
            assertThat(resource.key().namespace()).as("%s names no namespace: the set goes to any",
                    resource.key().display()).isEmpty();
            assertThat(kinds.put(resource.kind(), resource.name())).as("one %s", resource.kind()).isNull();
        }
        assertThat(kinds).isEqualTo(EXPECTED);
        assertThat(result.files()).isEqualTo(EXPECTED.size());
    }

    @Test
    void everyFieldIsOneTheKubernetesApiKnows() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (Path file : DeployFiles.kubernetesManifests()) {
            HasMetadata object = serialization.unmarshal(Files.readString(file));
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind(), unknown);
            assertThat(unknown).as("fields of %s the Kubernetes API does not have", file.getFileName()).isEmpty();
        }
        assertThat(new KubernetesSerialization().unmarshal("""
                apiVersion: v1
                kind: Service
                metadata: { name: x }
                spec: { publishNotReadyAdress: true }
                """, Service.class)).as("the check finds a misspelt field").satisfies(service -> {
                    List<String> unknown = new ArrayList<>();
                    unknownFields(service, "Service", unknown);
                    assertThat(unknown).containsExactly("Service.spec.publishNotReadyAdress");
                });
    }

    @Test
    void theStatefulSetRunsOneAgentAsTheGuideSays() {
        Map<String, Object> set = DeployFiles.object("StatefulSet", "plumbline");
        Map<String, Object> pod = map(at(set, "spec", "template", "spec"));
        Map<String, Object> container = map(at(pod, "containers", 0));

        assertThat(at(set, "spec", "replicas")).isEqualTo(1);
        assertThat(at(pod, "terminationGracePeriodSeconds")).as("longer than the agent's 30 s to stop").isEqualTo(45);
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(((Number) at(pod, "securityContext", "runAsUser")).longValue()).as("the image's user")
                .isEqualTo(DeployFiles.USER);
        assertThat(((Number) at(pod, "securityContext", "fsGroup")).longValue()).isEqualTo(DeployFiles.USER);
        assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(container, "image")).as("the image `mvn package` builds: plumbline:<version>")
                .isEqualTo("plumbline:" + DeployFiles.projectVersion());
        assertThat(at(container, "args")).isEqualTo(List.of("agent", "--config", "/etc/plumbline/plumbline.yaml"));
        assertThat(at(container, "ports", 0, "containerPort")).isEqualTo(7070);

        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object mount : (List<?>) at(container, "volumeMounts")) {
            mounts.put((String) at(mount, "name"), (String) at(mount, "mountPath"));
        }
        assertThat(mounts).containsEntry("state", "/var/lib/plumbline").containsEntry("config", "/etc/plumbline")
                .as("a writable /tmp on a read-only root").containsEntry("tmp", "/tmp");
        assertThat(at(set, "spec", "volumeClaimTemplates", 0, "metadata", "name")).isEqualTo("state");
        assertThat(at(set, "spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage")).isNotNull();
        Map<String, Object> volumes = new LinkedHashMap<>();
        for (Object volume : (List<?>) at(pod, "volumes")) {
            volumes.put((String) at(volume, "name"), volume);
        }
        assertThat(at(volumes.get("config"), "configMap", "name")).isEqualTo("plumbline-config");
        assertThat(at(volumes.get("tmp"), "emptyDir")).isNotNull();

        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
        assertThat((Integer) at(container, "livenessProbe", "initialDelaySeconds")).isLessThanOrEqualTo(15);
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        for (String kind : List.of("requests", "limits")) {
            assertThat(at(container, "resources", kind, "cpu")).as("resources.%s.cpu", kind).isNotNull();
            assertThat(at(container, "resources", kind, "memory")).as("resources.%s.memory", kind).isNotNull();
        }
        for (Object variable : (List<?>) at(container, "env")) {
            assertThat(at(variable, "valueFrom", "secretKeyRef", "name")).as("tokens come from the Secret: %s",
                    variable).isEqualTo("plumbline-tokens");
        }

        Map<String, Object> service = DeployFiles.object("Service", "plumbline");
        assertThat(at(service, "spec", "ports", 0, "port")).isEqualTo(7070);
        assertThat(at(service, "spec", "selector")).isEqualTo(at(set, "spec", "selector", "matchLabels"));
        assertThat(map(at(set, "spec", "template", "metadata", "labels")))
                .containsAllEntriesOf(map(at(set, "spec", "selector", "matchLabels")));
    }

    @Test
    void theConfigMapsConfigLoadsAndTheStatefulSetSetsEveryVariableItReads() throws Exception {
        Path file = Files.writeString(dir.resolve("plumbline.yaml"), DeployFiles.containerConfig());

        AgentConfig config = ConfigLoader.load(file);

        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/plumbline"));
        assertThat(config.admin().host()).isEqualTo("0.0.0.0");
        assertThat(config.admin().port()).isEqualTo(7070);
        assertThat(config.admin().tokens()).extracting(AdminConfig.Token::role)
                .contains(AdminConfig.Role.OPERATOR, AdminConfig.Role.VIEWER);

        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, Object> container = map(at(DeployFiles.object("StatefulSet", "plumbline"), "spec", "template",
                "spec", "containers", 0));
        for (Object variable : (List<?>) at(container, "env")) {
            environment.put((String) at(variable, "name"), "a-token-from-the-secret");
        }
        List<Problem> missing = Preflight.problems(config, Map.of());
        assertThat(missing).as("without the Secret's variables").hasSize(config.admin().tokens().size());
        assertThat(Preflight.problems(config, environment)).as("with the StatefulSet's env").isEmpty();
    }

    @Test
    void plumblineAppliesTheSetAndAPlanAfterFindsNothingToChange() throws Exception {
        try (KubeMockProcess kube = KubeMockProcess.start()) {
            Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
            GitRepo repo = GitRepo.create(dir.resolve("repos"), "infra");
            for (Path manifest : DeployFiles.kubernetesManifests()) {
                repo.write("deploy/kubernetes/" + manifest.getFileName(), Files.readString(manifest));
            }
            repo.commit("Plumbline's own manifests");
            Path config = Files.writeString(dir.resolve("plumbline.yaml"), """
                    stateDir: ./state
                    sources:
                      - { name: infra, url: %s, ref: main, interval: 1h }
                    providers:
                      - { name: cluster, type: kubernetes, kubeconfig: ./kubeconfig, namespace: gitops }
                    stacks:
                      - { name: plumbline, source: infra, path: deploy/kubernetes, provider: cluster }
                    """.formatted(repo.fileUrl()));

            Cli.Result applied = Cli.run("apply", "--config", config.toString());

            assertThat(applied.code()).as(applied.toString()).isZero();
            assertThat(applied.out()).contains("ServiceAccount gitops/plumbline", "ConfigMap gitops/plumbline-config",
                    "Service gitops/plumbline", "StatefulSet gitops/plumbline");
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(kube.kubeconfig())).build()) {
                StatefulSet set = client.apps().statefulSets().inNamespace("gitops").withName("plumbline").get();
                assertThat(set).isNotNull();
                assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .isEqualTo("plumbline:" + DeployFiles.projectVersion());
                ConfigMap configMap = client.configMaps().inNamespace("gitops").withName("plumbline-config").get();
                assertThat(configMap.getData().get("plumbline.yaml")).isEqualTo(DeployFiles.containerConfig());
                assertThat(client.services().inNamespace("gitops").withName("plumbline").get()).isNotNull();
                assertThat(client.serviceAccounts().inNamespace("gitops").withName("plumbline").get()).isNotNull();
            }

            Cli.Result again = Cli.run("plan", "--config", config.toString());
            assertThat(again.code()).as("a plan after the apply changes nothing:\n" + again).isZero();
        }
    }

    /** Git's blob id of a file's content. */
    private static String blobId(byte[] content) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(content));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /**
     * The fields of a fabric8 model object, and of every model object below it, that its class does not have:
     * fabric8 keeps them in {@code additionalProperties}.
     */
    private static void unknownFields(Object object, String path, List<String> unknown) throws Exception {
        if (object == null) {
            return;
        }
        if (object instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = getter.invoke(object);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(value, path + "." + field, unknown);
            }
        }
    }
}
