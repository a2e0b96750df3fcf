package dev.plumbline.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Command;

/**
 * {@code plumbline record-classes}, hidden: what the launcher runs once after a build, with
 * {@code -XX:ArchiveClassesAtExit}, so that its class data archive holds what commands load. It runs, in this
 * one JVM, {@code status} against a closed port (the client commands' HTTP and JSON) and {@code validate},
 * {@code plan} and {@code apply} over a config of its own in a temporary directory (logging, the config's
 * YAML, a Git source of one commit made here, the files provider writing one file and its record, the state
 * store), then a {@code plan} that finds nothing to change, and deletes that directory. (The build copies
 * JGit's jars without their signatures: Java 17 cannot archive classes of a signed jar, and failed to write
 * the archive once it had seen lambdas of such classes.) Prints nothing; exits 0 whatever the commands
 * answered.
 */
@Command(name = "record-classes", hidden = true,
        description = "Runs what the launcher records its class data archive from (internal).")
final class RecordClassesCommand implements Callable<Integer> {

    /** What it runs, in order: the client commands' path first, then the config-reading commands'. */
    static List<List<String>> commands(Path config) {
        String file = config.toString();
        return List.of(
                List.of("status", "--server", "http://127.0.0.1:9"),
                List.of("validate", "--config", file),
                List.of("plan", "--config", file),
                List.of("plan", "--config", file, "-o", "json"),
                List.of("apply", "--config", file),
                List.of("plan", "--config", file));
    }

    @Override
    public Integer call() throws IOException {
        record(Path.of(System.getProperty("java.io.tmpdir")));
        return ExitCodes.OK;
    }

    /**
     * Runs {@link #commands} over a config in a new directory under {@code parent}, deleted at the end; their
     * exit codes, in order (status fails: nothing listens on port 9).
     */
    static List<Integer> record(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "plumbline-classes-");
        try {
            Path config = dir.resolve("plumbline.yaml");
            Files.createDirectories(dir.resolve("live"));
            Path repo = commitOneFile(dir.resolve("repo"));
            Files.writeString(config, String.join("\n",
                    "stateDir: " + quoted(dir.resolve("state")),
                    "sources:",
                    "  - name: demo",
                    "    url: " + quoted(repo),
                    "    ref: main",
                    "providers:",
                    "  - name: local",
                    "    type: files",
                    "    root: " + quoted(dir.resolve("live")),
                    "stacks:",
                    "  - name: demo",
                    "    source: demo",
                    "    path: stacks/demo",
                    "    provider: local",
                    ""), StandardCharsets.UTF_8);
            List<Integer> codes = new ArrayList<>();
            for (List<String> args : commands(config)) {
                PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
                codes.add(Main.run(args.toArray(String[]::new), Map.of(), nowhere, nowhere));
            }
            return codes;
        } finally {
            delete(dir);
        }
    }

    /** A repository at {@code repo} whose branch {@code main} has one commit: a stack of one File. */
    private static Path commitOneFile(Path repo) throws IOException {
        Path manifest = repo.resolve("stacks/demo/file.yaml");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, String.join("\n",
                "apiVersion: files.plumbline.dev/v1",
                "kind: File",
                "metadata: { name: demo }",
                "spec: { path: demo.txt, content: \"demo\\n\" }",
                ""), StandardCharsets.UTF_8);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("plumbline", "plumbline@localhost");
            git.commit().setMessage("one file").setAuthor(who).setCommitter(who).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot make the repository " + repo + ": " + e.getMessage(), e);
        }
        return repo;
    }

    /** A path as a YAML double-quoted string. */
    private static String quoted(Path path) {
        return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
