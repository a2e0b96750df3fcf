package dev.plumbline.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider entry's settings: every problem at its line, the kubeconfig read, the cluster not reached. */
class KubernetesProviderFactoryTest {

    @TempDir
    Path dir;

    private List<String> problems(Map<String, Object> settings, Map<String, String> environment) {
        List<Problem> problems = new ArrayList<>();
        Optional<Provider> made = new KubernetesProviderFactory(environment).create(KubeMock.config(settings),
                environment, problems);
        assertThat(made.isPresent()).as("made only without problems").isEqualTo(problems.isEmpty());
        made.ifPresent(Provider::close);
        return problems.stream().map(problem -> problem.location().line() + ": " + problem.message()).toList();
    }

    @Test
    void readsTheKubeconfigAndItsCurrentContextWithoutReachingTheCluster() throws Exception {
        Path kubeconfig = dir.resolve("config");
        KubeMock.write(kubeconfig, KubeMock.kubeconfigFor("https://127.0.0.1:1"));

        assertThat(problems(Map.of("kubeconfig", kubeconfig.toString()), Map.of())).isEmpty();
        assertThat(problems(Map.of("kubeconfig", kubeconfig.toString(), "context", "test", "namespace", "web"),
                Map.of())).isEmpty();
        Files.createDirectories(dir.resolve(".kube"));
        Files.copy(kubeconfig, dir.resolve(".kube/config"));
        assertThat(problems(Map.of("kubeconfig", "~/.kube/config"), Map.of("HOME", dir.toString()))).isEmpty();
        assertThat(problems(Map.of(), Map.of("HOME", dir.toString()))).as("~/.kube/config by default").isEmpty();
        assertThat(problems(Map.of(), Map.of("KUBECONFIG", kubeconfig + ":/nowhere"))).isEmpty();
    }

    @Test
    void aMissingFileAnUnknownContextAndUnknownKeysAreErrorsAtTheirLines() {
        Path kubeconfig = dir.resolve("config");
        KubeMock.write(kubeconfig, KubeMock.kubeconfigFor("https://127.0.0.1:1"));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("kubeconfig", kubeconfig.toString());
        settings.put("context", "prod");

        assertThat(problems(settings, Map.of())).containsExactly("4: provider 'prod': the kubeconfig " + kubeconfig
                + " has no context 'prod'; its contexts: test");
        assertThat(problems(Map.of("kubeconfig", dir.resolve("absent").toString()), Map.of())).containsExactly(
                "3: provider 'prod': the kubeconfig " + dir.resolve("absent") + " does not exist; name one with"
                        + " 'kubeconfig', or set inCluster: true for an agent in a pod");
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("kubeconfig", kubeconfig.toString());
        both.put("inCluster", true);
        assertThat(problems(both, Map.of())).containsExactly("4: provider 'prod' has inCluster: true and a"
                + " kubeconfig or context; an agent in a pod uses its service account: remove one of them");
        assertThat(problems(Map.of("inCluster", true), Map.of())).containsExactly("3: provider 'prod' has"
                + " inCluster: true, but this process is not in a pod (KUBERNETES_SERVICE_HOST is not set, or"
                + " /var/run/secrets/kubernetes.io/serviceaccount/token cannot be read)");
        KubeMock.write(kubeconfig, "clusters: [ {");
        Map<String, Object> broken = new LinkedHashMap<>();
        broken.put("kubeconfig", kubeconfig.toString());
        broken.put("server", "https://elsewhere");
        assertThat(problems(broken, Map.of())).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("4: unknown key 'server'"))
                .anySatisfy(line -> assertThat(line).startsWith("3: provider 'prod': the kubeconfig " + kubeconfig
                        + " is not a kubeconfig"));
    }
}
