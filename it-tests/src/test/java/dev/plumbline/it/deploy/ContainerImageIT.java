package dev.plumbline.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image {@code mvn package} builds with Jib ({@code agent/app/target/jib-image.tar}, an OCI image
 * layout; agent/app's profile {@code image}, on unless {@code -DskipImage}): its index, manifest and config say
 * how it runs (user, port, volume, entrypoint and command, labels), and the image runs. For that the test unpacks
 * its layers into a directory and starts the image's entrypoint and command there as a container runtime would:
 * in a mount and PID namespace of its own ({@code unshare}), chrooted, with the image's environment, the root
 * file system read-only but for the volume and {@code /tmp} (as the StatefulSet of deploy/kubernetes has it), the
 * config of the ConfigMap there at /etc/plumbline (listening on a free loopback port instead of 0.0.0.0:7070),
 * and as the image's user when the test runs as root (as CI does). The agent answers {@code /healthz},
 * {@code /readyz} and the API with the token from the environment, writes its state to the volume, and stops
 * on SIGTERM. A missing tarball fails the test: it is not skipped.
 */
class ContainerImageIT {

    private static final String USER = DeployFiles.USER + ":" + DeployFiles.USER;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path layout;
    private static JsonNode index;
    private static JsonNode manifest;
    private static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = DeployFiles.root().resolve("agent/app/target/jib-image.tar");
        if (!Files.isRegularFile(tarball)) {
            fail(tarball + " is missing: agent/app's build makes it (Jib's buildTar, profile image, on unless"
                    + " -DskipImage). Run `mvn verify` from the root, or `mvn package -pl agent/app -am -DskipTests`");
        }
        layout = Files.createDirectories(dir.resolve("layout"));
        run(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()), Map.of(), Duration.ofMinutes(2));
        index = JSON.readTree(layout.resolve("index.json").toFile());
        manifest = JSON.readTree(blob(index.path("manifests").path(0).path("digest").asText()).toFile());
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
    }

    @Test
    void isAnOciImageWhoseBlobsMatchTheirDigests() throws Exception {
        assertThat(Files.readString(layout.resolve("oci-layout"))).contains("\"imageLayoutVersion\"");
        assertThat(index.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(index.path("manifests")).hasSize(1);
        assertThat(index.path("manifests").path(0).path("annotations").path("org.opencontainers.image.ref.name")
                .asText()).isEqualTo("plumbline:" + DeployFiles.projectVersion());
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("layers").size()).isGreaterThanOrEqualTo(2);
        List<String> digests = new ArrayList<>(List.of(manifest.path("config").path("digest").asText()));
        manifest.path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        for (String digest : digests) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(blob(digest))) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, n);
                }
            }
            assertThat("sha256:" + HexFormat.of().formatHex(sha256.digest())).isEqualTo(digest);
        }
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("architecture").asText()).isNotEmpty();
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(manifest.path("layers").size());
    }

    @Test
    void itsConfigSaysHowTheAgentRuns() {
        JsonNode container = config.path("config");
        assertThat(container.path("User").asText()).as("a numeric user that is not root, so that Kubernetes'"
                + " runAsNonRoot can check it").isEqualTo(USER);
        assertThat(fieldNames(container.path("ExposedPorts"))).containsExactly("7070/tcp");
        assertThat(fieldNames(container.path("Volumes"))).containsExactly("/var/lib/plumbline");
        assertThat(container.path("WorkingDir").asText()).isEqualTo("/var/lib/plumbline");
        List<String> entrypoint = strings(container.path("Entrypoint"));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-cp", "dev.plumbline.agent.cli.Main").last()
                .isEqualTo("dev.plumbline.agent.cli.Main");
        assertThat(strings(container.path("Cmd"))).containsExactly("agent", "--config", "/etc/plumbline/plumbline.yaml");
        assertThat(strings(container.path("Env"))).contains("JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8")
                .anySatisfy(variable -> assertThat(variable).startsWith("PATH=/opt/java/openjdk/bin:"));

        JsonNode labels = container.path("Labels");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Plumbline");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(DeployFiles.projectVersion());
        String revision = labels.path("org.opencontainers.image.revision").asText();
        if (Files.exists(DeployFiles.root().resolve(".git"))) {
            assertThat(revision).as("the commit built from, git-commit-id's git.commit.id").matches("[0-9a-f]{40}");
        } else {
            assertThat(revision).as("built from a tree without .git").isEqualTo("unknown");
        }
        assertThat(labels.path("org.opencontainers.image.source").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).as("LICENSE's, in SPDX")
                .isEqualTo("Apache-2.0");
    }

    @Test
    void itRunsTheAgentAsItsUserOnAReadOnlyRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        boolean asRoot = "0".equals(run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(10)).strip());
        for (JsonNode layer : manifest.path("layers")) { // in order, as a runtime stacks them (Jib writes no whiteouts)
            List<String> untar = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword", "-xzf",
                    blob(layer.path("digest").asText()).toString(), "-C", root.toString()));
            untar.add(asRoot ? "--same-owner" : "--no-same-owner");
            run(untar, Map.of(), Duration.ofMinutes(2));
        }
        Path state = root.resolve("var/lib/plumbline");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("tmp"))))
                .isEqualTo("rwxrwxrwx");
        if (asRoot) {
            assertThat(Files.getAttribute(state, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo((int) DeployFiles.USER);
        }
        assertThat(root.resolve("opt/java/openjdk/bin/java")).isExecutable();
        assertThat(root.resolve("app/classpath/plumbline.jar")).isRegularFile();
        assertThat(root.resolve("bin/sh")).as("no shell in the image").doesNotExist();

        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String containerConfig = DeployFiles.containerConfig();
        assertThat(containerConfig).contains("listen: 0.0.0.0:7070");
        Files.writeString(root.resolve("etc/plumbline/plumbline.yaml"),
                containerConfig.replace("listen: 0.0.0.0:7070", "listen: 127.0.0.1:" + port));

        Path script = Files.writeString(dir.resolve("container.sh"), """
                set -e
                root="$1"; shift
                mkdir -p "$root/proc" "$root/dev"
                mount --bind "$root" "$root"
                mount --bind "$root/var/lib/plumbline" "$root/var/lib/plumbline"
                mount --bind "$root/tmp" "$root/tmp"
                mount -o remount,bind,ro "$root"
                mount --rbind /dev "$root/dev"
                mount -t proc proc "$root/proc"
                exec chroot $CONTAINER_USER "$root" "$@"
                """);
        List<String> command = new ArrayList<>(List.of("unshare"));
        if (!asRoot) {
            command.add("--map-root-user");
        }
        command.addAll(List.of("--mount", "--pid", "--fork", "--kill-child=SIGTERM", "sh", script.toString(),
                root.toString()));
        strings(config.path("config").path("Entrypoint")).forEach(command::add);
        strings(config.path("config").path("Cmd")).forEach(command::add);
        ProcessBuilder container = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = dir.resolve("container.out");
        container.redirectOutput(output.toFile());
        Map<String, String> environment = container.environment();
        environment.clear();
        for (String variable : strings(config.path("config").path("Env"))) { // the image's PATH has /usr/sbin too
            environment.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
        }
        environment.put("CONTAINER_USER", asRoot ? "--userspec=" + USER : "");
        environment.put("PLUMBLINE_OPERATOR_TOKEN", "operator-token-for-the-image-test");
        environment.put("PLUMBLINE_VIEWER_TOKEN", "viewer-token-for-the-image-test");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        Process process = container.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    fail("the container ended with exit code " + process.exitValue() + ":\n" + Files.readString(output));
                }
                try {
                    return get(http, base + "/healthz", null).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> get(http, base + "/readyz", null).statusCode() == 200);
            HttpResponse<String> stacks = get(http, base + "/api/v1/stacks", "operator-token-for-the-image-test");
            assertThat(stacks.statusCode()).as(stacks.body()).isEqualTo(200);
            assertThat(get(http, base + "/api/v1/stacks", "not-the-token").statusCode()).isEqualTo(401);
            assertThat(state.resolve("state.db")).as("the state store on the volume").isRegularFile();
            if (asRoot) {
                assertThat(Files.getAttribute(state.resolve("state.db"), "unix:uid")).as("written by the image's user")
                        .isEqualTo((int) DeployFiles.USER);
            }
            // as a runtime stops a container: SIGTERM to its first process, the JVM (unshare ignores SIGTERM)
            process.toHandle().children().forEach(ProcessHandle::destroy);
            assertThat(process.waitFor(45, TimeUnit.SECONDS)).as("the agent stops within 45 s of SIGTERM").isTrue();
        } finally {
            if (process.isAlive()) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        String log = Files.readString(output);
        assertThat(process.exitValue()).as("a JVM ended by SIGTERM exits 143:\n" + log).isEqualTo(143);
        assertThat(log).as(log).contains("agent stopped").doesNotContain("ERROR", "warning:", "Exception");
        assertThat(log.lines().filter(line -> line.contains(" WARN ") && !line.contains("DeniedRequests")))
                .as("warnings but the one about the request with a wrong token:\n" + log).isEmpty();
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path blob(String digest) {
        assertThat(digest).startsWith("sha256:");
        Path blob = layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        assertThat(blob).isRegularFile();
        return blob;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    /** Runs a command to its end; its output, or a failure with it. */
    private static String run(List<String> command, Map<String, String> environment, Duration limit)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "command", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return fail(command.get(0) + " cannot be run (" + e.getMessage() + "): it comes with Debian's essential"
                    + " packages (tar, util-linux, coreutils)");
        }
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not end within " + limit);
        }
        String out = Files.readString(output);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}
