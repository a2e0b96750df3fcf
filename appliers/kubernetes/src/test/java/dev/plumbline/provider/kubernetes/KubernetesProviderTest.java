package dev.plumbline.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes provider against fabric8's mock API server in CRUD mode. */
class KubernetesProviderTest {

    private static final String SHA1 = "1111111111111111111111111111111111111111";
    private static final String SHA2 = "2222222222222222222222222222222222222222";

    @TempDir
    Path dir;

    private KubeMock mock;
    private Provider provider;

    @BeforeEach
    void start() {
        mock = new KubeMock(dir);
        provider = mock.provider(Map.of());
    }

    @AfterEach
    void stop() {
        provider.close();
        mock.close();
    }

    private static Resource configMap(String name, String data) {
        return Manifests.one("prod", """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: %s, labels: { app: web } }
                data: %s
                """.formatted(name, data));
    }

    private static Resource deployment(int replicas) {
        return Manifests.one("prod", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: api, namespace: web }
                spec:
                  replicas: %d
                  selector: { matchLabels: { app: api } }
                  template:
                    metadata: { labels: { app: api } }
                    spec:
                      containers:
                        - name: api
                          image: registry.example/api:1.4.2
                          ports: [ { containerPort: 8080 } ]
                """.formatted(replicas));
    }

    @Test
    void createsAnObjectStampedWithItsStackAndCommitAndReadsItBackAsDesired() {
        StackDriver web = new StackDriver(provider, "web").at(Instant.parse("2026-11-30T01:00:00Z"));
        Resource settings = configMap("settings", "{ mode: fast, level: \"3\" }");

        StackDriver.Run run = web.reconcile(SHA1, List.of(settings), true);

        assertThat(run.plan().mutations()).extracting(Change::action).containsExactly(Action.CREATE);
        ConfigMap live = mock.client.configMaps().inNamespace("apps").withName("settings").get();
        assertThat(live.getData()).containsEntry("mode", "fast").containsEntry("level", "3");
        assertThat(live.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "plumbline")
                .containsEntry("app", "web");
        assertThat(live.getMetadata().getAnnotations()).containsEntry("plumbline.dev/stack", "web")
                .containsEntry("plumbline.dev/revision", SHA1)
                .containsEntry("plumbline.dev/applied-at", "2026-11-30T01:00:00Z");
        assertThat(web.plan(List.of(settings), true).mutations()).as("a second plan changes nothing").isEmpty();
        LiveObject observed = web.observe(List.of(settings)).get(settings.key());
        assertThat(observed.managedBy()).contains("web");
        assertThat(observed.provenance().orElseThrow().revision()).isEqualTo(SHA1);
    }

    @Test
    void serverDefaultsAndFieldsOfOtherControllersAreNotDriftAndSurviveAnUpdate() {
        StackDriver web = new StackDriver(provider, "web");
        web.reconcile(SHA1, List.of(deployment(2)), true);
        // what a server and another controller add: a default, an annotation, a field of a container
        Deployment live = mock.client.apps().deployments().inNamespace("web").withName("api").get();
        live.getSpec().setRevisionHistoryLimit(10);
        live.getSpec().getTemplate().getSpec().getContainers().get(0).setImagePullPolicy("IfNotPresent");
        live.getMetadata().getAnnotations().put("deployment.kubernetes.io/revision", "1");
        mock.client.apps().deployments().inNamespace("web").resource(live).update();

        assertThat(web.plan(List.of(deployment(2)), true).mutations()).as("nothing Plumbline set changed").isEmpty();

        StackDriver.Run scaled = web.reconcile(SHA2, List.of(deployment(3)), true);

        assertThat(scaled.plan().mutations()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.diff()).extracting(field -> field.path().toString()).containsExactly("spec.replicas");
        });
        Deployment after = mock.client.apps().deployments().inNamespace("web").withName("api").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        assertThat(after.getSpec().getRevisionHistoryLimit()).as("a field Plumbline never set is kept").isEqualTo(10);
        assertThat(after.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("plumbline.dev/revision", SHA2);
    }

    @Test
    void aFieldTheManifestNoLongerHasIsRemovedAndOneAnotherWriterAddedIsKept() {
        StackDriver web = new StackDriver(provider, "web");
        web.reconcile(SHA1, List.of(configMap("settings", "{ a: \"1\", b: \"2\" }")), true);
        ConfigMap live = mock.client.configMaps().inNamespace("apps").withName("settings").get();
        live.getData().put("c", "from another controller");
        mock.client.configMaps().inNamespace("apps").resource(live).update();

        StackDriver.Run run = web.reconcile(SHA2, List.of(configMap("settings", "{ a: \"1\" }")), true);

        assertThat(run.plan().mutations()).singleElement().satisfies(change ->
                assertThat(change.diff()).extracting(field -> field.path().toString()).containsExactly("data.b"));
        assertThat(mock.client.configMaps().inNamespace("apps").withName("settings").get().getData())
                .containsOnlyKeys("a", "c");
    }

    @Test
    void pruneDeletesWhatLeftTheManifestsFoundByItsKeyAlone() {
        StackDriver web = new StackDriver(provider, "web");
        web.reconcile(SHA1, List.of(configMap("one", "{ a: \"1\" }"), configMap("two", "{ a: \"2\" }")), true);

        StackDriver.Run run = web.reconcile(SHA2, List.of(configMap("one", "{ a: \"1\" }")), true);

        assertThat(run.plan().mutations()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.DELETE);
            assertThat(change.key().name()).isEqualTo("two");
        });
        assertThat(mock.client.configMaps().inNamespace("apps").withName("two").get()).isNull();
        assertThat(mock.client.configMaps().inNamespace("apps").withName("one").get()).isNotNull();
    }

    @Test
    void anObjectThatWasThereBeforeIsSeenAndTakenOverWithItsOwnFieldsKept() {
        mock.client.configMaps().inNamespace("apps").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("legacy").endMetadata().addToData("a", "old").addToData("keep", "me").build()).create();
        Resource legacy = configMap("legacy", "{ a: \"new\" }");
        StackDriver web = new StackDriver(provider, "web");

        LiveObject before = web.observe(List.of(legacy)).get(legacy.key());
        assertThat(before).as("found, though not labelled as Plumbline's").isNotNull();
        assertThat(before.provenance()).isEmpty();
        web.reconcile(SHA1, List.of(legacy), true);

        ConfigMap live = mock.client.configMaps().inNamespace("apps").withName("legacy").get();
        assertThat(live.getData()).containsEntry("a", "new").containsEntry("keep", "me");
        assertThat(live.getMetadata().getAnnotations()).containsEntry("plumbline.dev/stack", "web")
                .containsEntry("plumbline.dev/adopted", "true");
        assertThat(web.observe(List.of(legacy)).get(legacy.key()).adopted()).isTrue();

        StackDriver.Run gone = web.reconcile(SHA2, List.of(), true);

        assertThat(gone.plan().mutations()).extracting(Change::action).containsExactly(Action.DELETE);
        assertThat(gone.result(legacy.key()).outcome()).as("prune leaves what was there before")
                .isEqualTo(dev.plumbline.provider.ApplyResult.Outcome.SKIPPED);
        ConfigMap left = mock.client.configMaps().inNamespace("apps").withName("legacy").get();
        assertThat(left.getData()).containsEntry("keep", "me");
        assertThat(left.getMetadata().getLabels()).doesNotContainKey("app.kubernetes.io/managed-by");
        assertThat(left.getMetadata().getAnnotations()).doesNotContainKeys("plumbline.dev/stack",
                "plumbline.dev/adopted");
    }

    @Test
    void aSecretsDataIsComparedByDigestAndNeverKeptInAnAnnotation() {
        Resource secret = Manifests.one("prod", """
                apiVersion: v1
                kind: Secret
                metadata: { name: db }
                stringData: { password: hunter2-very-secret }
                """);
        Resource normal = provider.normalize(secret);
        assertThat(((Map<?, ?>) normal.document().get("stringData")).get("password")).isInstanceOf(Sensitive.class);
        StackDriver web = new StackDriver(provider, "web");

        web.reconcile(SHA1, List.of(secret), true);

        var live = mock.client.secrets().inNamespace("apps").withName("db").get();
        assertThat(live.getStringData()).containsEntry("password", "hunter2-very-secret");
        assertThat(live.getMetadata().getAnnotations().toString()).doesNotContain("hunter2");
        assertThat(web.plan(List.of(secret), true).mutations()).isEmpty();
    }

    @Test
    void appliesNamespacesFirstThenDefinitionsThenByKind() {
        List<Resource> desired = Manifests.parse("prod", "all.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: api }
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: { name: w }
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: c }
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: { name: widgets.example.com }
                ---
                apiVersion: v1
                kind: Namespace
                metadata: { name: web }
                """);

        List<String> order = desired.stream().map(Resource::key).sorted(provider.order(desired))
                .map(ResourceKey::kind).toList();

        assertThat(order).containsExactly("Namespace", "CustomResourceDefinition", "ConfigMap", "Deployment", "Widget");
    }

    @Test
    void refusesWhatAClusterWouldRefuseAtItsPosition() {
        List<Resource> desired = Manifests.parse("prod", "bad.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: { name: web, namespace: other }
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: Not_A_Name }
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: c, labels: { app.kubernetes.io/managed-by: helm } }
                status: { phase: Active }
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: c, namespace: apps }
                """);

        List<Problem> problems = provider.validate(desired);

        assertThat(problems).extracting(problem -> problem.location().line() + ": " + problem.message())
                .containsExactly(
                        "3: Namespace other/web: a Namespace has no namespace; remove metadata.namespace",
                        "7: ConfigMap Not_A_Name: 'Not_A_Name' is not a Kubernetes name (lower-case letters, digits,"
                                + " '-' and '.', starting and ending with a letter or digit, at most 253 characters)",
                        "11: ConfigMap c sets the label app.kubernetes.io/managed-by to 'helm'; Plumbline sets it to"
                                + " 'plumbline' on every object it writes, so leave it out",
                        "12: ConfigMap c has a status; the cluster writes an object's status, so leave it out of the"
                                + " manifest",
                        "14: ConfigMap apps/c is the same object as ConfigMap c at bad.yaml:9:1 (a namespaced object"
                                + " without a namespace goes to 'apps'); each object must be defined once");
    }

    @Test
    void theOwnershipScanFindsCustomResourcesThroughTheClustersDefinitions() {
        List<Resource> desired = Manifests.parse("prod", "widgets.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: { name: widgets.example.com }
                spec:
                  group: example.com
                  scope: Namespaced
                  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: { name: gear, namespace: apps }
                spec: { teeth: 12 }
                """);
        new StackDriver(provider, "web").reconcile(SHA1, desired, true);

        List<ResourceKey> owned = ((dev.plumbline.provider.OwnershipScan) provider).owned(new StackScope("web"))
                .stream().map(dev.plumbline.provider.OwnershipScan.Owned::key).toList();

        assertThat(owned).extracting(ResourceKey::display).containsExactly("CustomResourceDefinition widgets.example.com",
                "Widget apps/gear");
        assertThat(((dev.plumbline.provider.OwnershipScan) provider).stacks()).containsExactly("web");
    }

    private static final String OCTOPUS_DEFINITION = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: { name: octopodes.zoo.example }
            spec:
              group: zoo.example
              scope: Namespaced
              names: { kind: Octopus, plural: octopodes, singular: octopus, listKind: OctopusList }
              versions: [ { name: v1, served: true, storage: true } ]
            """;

    private GenericKubernetesResource octopus(String plural, String name) {
        return mock.client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("zoo.example")
                .withVersion("v1").withKind("Octopus").withPlural(plural).withNamespaced(true).build())
                .inNamespace("apps").withName(name).get();
    }

    @Test
    void aCustomKindsPluralIsTheOneItsDefinitionNames() {
        List<Resource> stack = Manifests.parse("prod", "zoo.yaml", OCTOPUS_DEFINITION + """
                ---
                apiVersion: zoo.example/v1
                kind: Octopus
                metadata: { name: inky }
                spec: { arms: 8 }
                """);
        new StackDriver(provider, "web").reconcile(SHA1, stack, true);

        assertThat(octopus("octopodes", "inky")).as("at the definition's plural").isNotNull();
        assertThat(octopus("octopuses", "inky")).as("not at the one the rules would make").isNull();

        // a second provider, whose stack holds only the custom resource, reads the plural from the cluster
        Provider other = mock.provider(Map.of());
        try {
            new StackDriver(other, "zoo").reconcile(SHA1, Manifests.parse("prod", "blinky.yaml", """
                    apiVersion: zoo.example/v1
                    kind: Octopus
                    metadata: { name: blinky }
                    spec: { arms: 8 }
                    """), true);
        } finally {
            other.close();
        }
        assertThat(octopus("octopodes", "blinky")).isNotNull();
    }

    @Test
    void servesEveryGroupButPlumblinesOwn() {
        assertThat(provider.serves("", "ConfigMap")).isTrue();
        assertThat(provider.serves("apps", "Deployment")).isTrue();
        assertThat(provider.serves("example.com", "Widget")).isTrue();
        assertThat(provider.serves("files.plumbline.dev", "File")).isFalse();
        assertThat(provider.namespace("apps", "Deployment", "")).as("the context's namespace").isEqualTo("apps");
        assertThat(provider.namespace("apps", "Deployment", "web")).isEqualTo("web");
        assertThat(provider.namespace("", "Namespace", "")).as("a cluster-scoped kind has none").isEmpty();
        assertThat(provider.observe(new StackScope("web"), List.of(), List.of())).isEmpty();
    }
}
