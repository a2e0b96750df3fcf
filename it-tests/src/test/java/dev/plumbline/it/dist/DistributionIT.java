package dev.plumbline.it.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.plumbline.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive, {@code deploy/target/plumbline-<version>.tar.gz}, as someone without Maven or the
 * sources installs it: unpacked with {@code tar}, its launcher linked into a directory of its own on a PATH that
 * holds that directory and {@code /usr/bin:/bin} only. {@code plumbline version} and {@code validate} work through
 * the link, with {@code JAVA_HOME} unset or set to this JVM's home; without a Java, or with one older than 17, it
 * says so. It writes nothing into its install directory. And the repository's own {@code ./plumbline} finds the
 * repository through a chain of links.
 */
class DistributionIT {

    @TempDir
    static Path unpacked;

    private static Path archive;
    private static String version;
    private static Path home;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Path root() {
        String root = System.getProperty("plumbline.root");
        assertThat(root).as("failsafe sets plumbline.root to the repository root").isNotNull();
        return Path.of(root).toAbsolutePath().normalize();
    }

    @BeforeAll
    static void unpack() throws Exception {
        Path target = root().resolve("deploy/target");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                files.filter(file -> file.getFileName().toString().matches("plumbline-.+\\.tar\\.gz")).forEach(found::add);
            }
        }
        if (found.isEmpty()) {
            fail("no deploy/target/plumbline-*.tar.gz in " + target + ": the distribution is built by the deploy"
                    + " module, which the reactor builds before it-tests (mvn verify from the root; or first"
                    + " mvn package -pl deploy -am -DskipTests)");
        }
        found.sort(Comparator.comparing(DistributionIT::modified).reversed()); // the newest, if several versions
        archive = found.get(0);
        String name = archive.getFileName().toString();
        version = name.substring("plumbline-".length(), name.length() - ".tar.gz".length());

        Run tar = run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), Map.of(), null);
        assertThat(tar.code()).as("tar -xzf %s: %s", archive, tar.err()).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(path -> path.getFileName().toString()).toList()).as("one top directory")
                    .containsExactly("plumbline-" + version);
        }
        home = unpacked.resolve("plumbline-" + version);
    }

    @Test
    void holdsTheLauncherTheJarsTheExampleConfigTheDeployFilesAndTheLicence() throws Exception {
        List<String> expected = new ArrayList<>(List.of("LICENSE", "README.md", "bin", "conf", "lib"));
        for (String deployDir : List.of("systemd", "grafana", "prometheus", "kubernetes")) {
            if (Files.isDirectory(root().resolve("deploy").resolve(deployDir))) {
                expected.add(deployDir);
            }
        }
        try (Stream<Path> top = Files.list(home)) {
            assertThat(top.map(path -> path.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(names(home.resolve("bin"))).containsExactly("plumbline");
        assertThat(names(home.resolve("conf"))).containsExactly("plumbline.example.yaml");

        // the modes as the archive holds them (tar applies the umask of whoever unpacks)
        Run listing = run(List.of("tar", "-tvzf", archive.toString()), Map.of(), null);
        assertThat(listing.code()).isZero();
        Map<String, String> modes = new TreeMap<>();
        listing.out().lines().forEach(line -> {
            String[] fields = line.trim().split("\\s+");
            modes.put(fields[fields.length - 1], fields[0]);
        });
        String top = "plumbline-" + version + "/";
        assertThat(modes).containsEntry(top + "bin/plumbline", "-rwxr-xr-x")
                .containsEntry(top + "lib/plumbline.jar", "-rw-r--r--")
                .containsEntry(top + "conf/plumbline.example.yaml", "-rw-r--r--")
                .containsEntry(top + "LICENSE", "-rw-r--r--");
        assertThat(modes.keySet()).allSatisfy(entry -> assertThat(entry).startsWith(top));
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/plumbline")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);

        // lib/: plumbline.jar and exactly the jars its Class-Path names, beside it: one copy of each, and none that
        // an earlier build left in agent/app/target/lib (Maven's resolution, which the enforcer checks, chose them)
        Set<String> lib = new TreeSet<>(names(home.resolve("lib")));
        List<String> classPath;
        try (JarFile jar = new JarFile(home.resolve("lib/plumbline.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.plumbline.agent.cli.Main");
            classPath = Arrays.asList(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
        }
        assertThat(classPath).doesNotHaveDuplicates().allSatisfy(entry -> assertThat(entry).doesNotContain("/"));
        Set<String> named = new TreeSet<>(classPath);
        named.add("plumbline.jar");
        assertThat(lib).isEqualTo(named);
        assertThat(lib).anySatisfy(jar -> assertThat(jar).startsWith("picocli-"));

        // the example config is one the agent reads (what it refers to is the operator's to provide)
        Path example = home.resolve("conf/plumbline.example.yaml");
        String exampleText = Files.readString(example);
        assertThat(exampleText).contains("stateDir: /var/lib/plumbline", "type: files", "tokenEnv:", "tokenFile:");
        assertThat(ConfigLoader.load(example).stacks()).hasSize(1);

        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        assertThat(Files.readString(home.resolve("README.md")))
                .contains("bin/plumbline agent --config conf/plumbline.yaml", "Java 17",
                        "ln -s /opt/plumbline/bin/plumbline /usr/local/bin/plumbline");

        // the deploy files, as they are in the repository
        for (String deployDir : expected.subList(5, expected.size())) {
            Path source = root().resolve("deploy").resolve(deployDir);
            assertThat(names(home.resolve(deployDir))).as(deployDir).isEqualTo(names(source));
            for (String file : names(source)) {
                assertThat(home.resolve(deployDir).resolve(file)).as(deployDir + "/" + file)
                        .hasSameBinaryContentAs(source.resolve(file));
            }
        }

        // the zip beside it holds the same
        Path zip = archive.resolveSibling("plumbline-" + version + ".zip");
        assertThat(zip).exists();
        try (ZipFile zipped = new ZipFile(zip.toFile())) {
            Set<String> zipFiles = zipped.stream().filter(entry -> !entry.isDirectory()).map(entry -> entry.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> tarFiles = modes.entrySet().stream().filter(entry -> entry.getValue().startsWith("-"))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            assertThat(zipFiles).isEqualTo(tarFiles);
        }
    }

    @Test
    void runsThroughALinkOnPathWithJavaFromPathOrJavaHome() throws Exception {
        Map<String, String> before = snapshot(home);
        Path bin = link(dir.resolve("bin"));
        Path config = tinyConfig();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        environment.put("PLUMBLINE_NO_CDS", "1");

        Run fromPath = run(List.of("plumbline", "version"), environment, dir);
        assertThat(fromPath.code()).as(fromPath.err()).isZero();
        assertThat(fromPath.out().lines().findFirst().orElseThrow())
                .matches("plumbline " + java.util.regex.Pattern.quote(version)
                        + " \\(commit ([0-9a-f]{7}|unknown), built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
        assertThat(fromPath.out()).containsPattern("\njava \\d+");

        Run validate = run(List.of("plumbline", "validate", "--config", config.toString()), environment, dir);
        assertThat(validate.code()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("valid");

        environment.put("JAVA_HOME", System.getProperty("java.home"));
        Run fromJavaHome = run(List.of("plumbline", "--version"), environment, dir);
        assertThat(fromJavaHome.code()).as(fromJavaHome.err()).isZero();
        assertThat(fromJavaHome.out()).startsWith("plumbline " + version + " (commit ");

        Run bad = run(List.of("plumbline", "validate", "--config", dir.resolve("missing.yaml").toString()),
                environment, dir);
        assertThat(bad.code()).isEqualTo(1);

        assertThat(snapshot(home)).as("nothing written into the install directory").isEqualTo(before);
    }

    @Test
    void recordsItsClassDataArchiveInTheUsersCacheNotInItsOwnDirectory() throws Exception {
        Map<String, String> before = snapshot(home);
        Path bin = link(dir.resolve("bin"));
        Path cache = dir.resolve("cache");
        Map<String, String> environment = Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", dir.toString(),
                "XDG_CACHE_HOME", cache.toString());

        Run first = run(List.of("plumbline", "version"), environment, dir);
        assertThat(first.code()).as(first.err()).isZero();
        Path plumblineCache = cache.resolve("plumbline");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                names(plumblineCache).stream().anyMatch(name -> name.endsWith(".jsa"))
                        && names(plumblineCache).stream().noneMatch(name -> name.endsWith(".lock")));
        assertThat(names(plumblineCache)).singleElement().asString().matches("plumbline-\\d+\\.jsa");

        Run second = run(List.of("plumbline", "version"), environment, dir);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(snapshot(home)).as("nothing written into the install directory").isEqualTo(before);
    }

    @Test
    void saysSoWhenThereIsNoJavaOrAnOldOne() throws Exception {
        Path bin = link(dir.resolve("bin"));
        // what the launcher runs before it looks for Java (env for its #! line, bash, readlink), and no Java
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("env", "bash", "readlink")) {
            Path found = Stream.of("/usr/bin", "/bin").map(system -> Path.of(system, tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError("no " + tool + " in /usr/bin or /bin"));
            Files.createSymbolicLink(tools.resolve(tool), found);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", bin + ":" + tools);
        environment.put("HOME", dir.toString());

        Run none = run(List.of("plumbline", "version"), environment, dir);
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).startsWith("plumbline: Java 17 or later is needed, and there is none: no JAVA_HOME and"
                + " no java on PATH.").contains("set JAVA_HOME");

        environment.put("JAVA_HOME", dir.resolve("no-such-java").toString());
        Run wrongHome = run(List.of("plumbline", "version"), environment, dir);
        assertThat(wrongHome.code()).isEqualTo(1);
        assertThat(wrongHome.err()).startsWith("plumbline: JAVA_HOME is " + dir.resolve("no-such-java")
                + ", which has no bin/java");

        Path old = Files.createDirectories(dir.resolve("java11/bin"));
        Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        Files.setPosixFilePermissions(old.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        environment.put("JAVA_HOME", dir.resolve("java11").toString());
        Run tooOld = run(List.of("plumbline", "version"), environment, dir);
        assertThat(tooOld.code()).isEqualTo(1);
        assertThat(tooOld.err()).isEqualTo("plumbline: Java 17 or later is needed, but " + old.resolve("java")
                + " is Java 11.0.21: install a newer one and set JAVA_HOME to it\n");
    }

    /**
     * The repository's {@code ./plumbline} through two links, one relative: it finds the repository (here a copy
     * of the launcher beside the built jar) and runs the jar without building. Before it followed links, it looked
     * for the jar beside the link, found none, and ran Maven there.
     */
    @Test
    void theRepositorysLauncherFollowsLinksToTheRepository() throws Exception {
        Path builtJar = root().resolve("agent/app/target/plumbline.jar");
        assertThat(builtJar).as("the reactor builds agent/app before it-tests").exists();
        Path repo = dir.resolve("repo");
        Path target = Files.createDirectories(repo.resolve("agent/app/target"));
        Files.copy(root().resolve("plumbline"), repo.resolve("plumbline"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(builtJar, target.resolve("plumbline.jar"));
        Files.createSymbolicLink(target.resolve("lib"), root().resolve("agent/app/target/lib"));
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("launcher"), repo.resolve("plumbline"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("plumbline"), Path.of("../links/launcher"));
        Map<String, String> environment = Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", dir.toString(),
                "PLUMBLINE_NO_CDS", "1");

        Run result = run(List.of("plumbline", "--version"), environment, Files.createDirectories(dir.resolve("work")));

        assertThat(result.err()).as("it did not build").doesNotContain("building");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("plumbline ");
        assertThat(names(bin)).containsExactly("plumbline");
    }

    /** The links a test made, removed before JUnit deletes the directory (it warns of each link it deletes). */
    @AfterEach
    void removeLinks() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isSymbolicLink).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A directory holding only a link named plumbline to the distribution's bin/plumbline. */
    private static Path link(Path bin) throws IOException {
        Files.createDirectories(bin);
        Files.createSymbolicLink(bin.resolve("plumbline"), home.resolve("bin/plumbline"));
        return bin;
    }

    private Path tinyConfig() throws IOException {
        return Files.writeString(dir.resolve("plumbline.yaml"), """
                stateDir: ./state
                providers:
                  - { name: local, type: files, root: ./live }
                """);
    }

    /** Every file and directory under {@code top} with its size and modification time. */
    private static Map<String, String> snapshot(Path top) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                files.put(top.relativize(directory) + "/", attributes.lastModifiedTime().toString());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                files.put(top.relativize(file).toString(), attributes.size() + " " + attributes.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static List<String> names(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code command} with exactly {@code environment} (nothing inherited, unless it is empty: then this
     * process's), in {@code directory} (null: this process's); its output, within 2 minutes.
     */
    private static Run run(List<String> command, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (!environment.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(environment);
            // a command name is looked up on the PATH given, not on this process's
            String name = command.get(0);
            if (!name.contains("/")) {
                for (String entry : environment.getOrDefault("PATH", "").split(":")) {
                    Path candidate = Path.of(entry).resolve(name);
                    if (Files.isExecutable(candidate)) {
                        List<String> resolved = new ArrayList<>(command);
                        resolved.set(0, candidate.toString());
                        builder.command(resolved);
                        break;
                    }
                }
            }
        }
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Path out = Files.createTempFile("plumbline-dist-", ".out");
        Path err = Files.createTempFile("plumbline-dist-", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(command + " did not end within 2 minutes");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
