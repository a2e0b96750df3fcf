package dev.plumbline.agent.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Lays out the quickstart demo: a Git repository with a stack of two files, an empty target directory and
 * an agent config that reconciles one into the other every few seconds. Made with JGit, so it needs
 * nothing installed but Java. An existing demo is left as it is, so the user's experiments survive a restart.
 */
public final class Quickstart {

    public static final String STACK_PATH = "stacks/demo";

    private final Path dir;

    public Quickstart(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve("plumbline.yaml");
    }

    public Path repo() {
        return dir.resolve("repo");
    }

    public Path live() {
        return dir.resolve("live");
    }

    /** The operator token of the demo's admin API, readable by its owner only. */
    public Path token() {
        return dir.resolve("admin-token");
    }

    /** Creates the demo unless it exists; returns true when it was created now. */
    public boolean prepare() {
        if (Files.exists(config())) {
            return false;
        }
        try {
            Files.createDirectories(live());
            Path stack = repo().resolve(STACK_PATH);
            Files.createDirectories(stack);
            Files.writeString(stack.resolve("motd.yaml"), MOTD, StandardCharsets.UTF_8);
            Files.writeString(stack.resolve("app.yaml"), APP, StandardCharsets.UTF_8);
            try (Git git = Git.init().setDirectory(repo().toFile()).setInitialBranch("main").call()) {
                git.add().addFilepattern(".").call();
                PersonIdent demo = new PersonIdent("Plumbline Quickstart", "quickstart@plumbline.dev");
                git.commit().setMessage("Add the demo stack").setAuthor(demo).setCommitter(demo).setSign(false).call();
            }
            writeToken();
            Files.writeString(config(), CONFIG, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo in " + dir + ": " + e.getMessage(), e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create the demo repository: " + e.getMessage(), e);
        }
        return true;
    }

    private void writeToken() throws IOException {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        Files.writeString(token(), java.util.HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(token(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the default permissions
        }
    }

    /** How to reach the demo's admin API once it listens at {@code url}. */
    public String adminInstructions(Path workingDir, String url) {
        String d = relative(workingDir, dir);
        return """
                Admin API at %2$s; the operator token is in %1$s/admin-token:
                  open %2$s/ in a browser and sign in with that token (the status page), or
                  export PLUMBLINE_SERVER=%2$s PLUMBLINE_TOKEN=$(cat %1$s/admin-token)
                  ./plumbline status demo; ./plumbline history demo; ./plumbline pause demo; ./plumbline resume demo
                """.formatted(d, url);
    }

    /** What to try, with paths as the user typed them relative to where they stand. */
    public String instructions(Path workingDir) {
        String d = relative(workingDir, dir);
        return """
                Plumbline quickstart: the agent reconciles %1$s/repo (path %2$s) into %1$s/live,
                polling every 2s and checking for drift every 10s. State is kept in %1$s/.plumbline.

                Try these, in another terminal:
                  1. Commit a change: edit %1$s/repo/%2$s/motd.yaml, then
                       git -C %1$s/repo commit -am "Change the greeting"
                     -> %1$s/live/motd.txt follows within seconds.
                  2. Edit a live file by hand:
                       echo tampered >> %1$s/live/motd.txt
                     -> the next drift check puts it back (selfHeal is on).
                  3. Delete a manifest:
                       git -C %1$s/repo rm -q %2$s/app.yaml && git -C %1$s/repo commit -m "Remove the app config"
                     -> %1$s/live/app/config.ini is pruned (prune is on).

                Watch: the log below; ./plumbline plan --config %1$s/plumbline.yaml;
                where each file came from (stack, commit, time): cat %1$s/live/.plumbline/stacks/demo/motd.txt.yaml
                Stop with Ctrl-C; ./plumbline quickstart again resumes where you left off.
                """.formatted(d, STACK_PATH);
    }

    private static String relative(Path from, Path to) {
        try {
            String path = from.toAbsolutePath().normalize().relativize(to).toString();
            return path.isEmpty() ? "." : path.startsWith("..") ? to.toString() : path;
        } catch (IllegalArgumentException e) {
            return to.toString();
        }
    }

    private static final String CONFIG = """
            # The quickstart agent config: one source, one files provider, one stack, and the admin API on a
            # free loopback port with one operator token (in ./admin-token).
            stateDir: ./.plumbline
            admin:
              listen: 127.0.0.1:0
              tokens:
                - { name: demo, role: operator, tokenFile: ./admin-token }
            sources:
              - name: demo
                url: ./repo
                ref: main
                interval: 2s
            providers:
              - name: live
                type: files
                root: ./live
            stacks:
              - name: demo
                source: demo
                path: stacks/demo
                provider: live
                sync: { auto: true, prune: true, selfHeal: true }
                driftInterval: 10s
                vars: { env: demo }
            """;

    private static final String MOTD = """
            # The message of the day. Change the content, commit, and watch live/motd.txt follow.
            apiVersion: files.plumbline.dev/v1
            kind: File
            metadata:
              name: motd
            spec:
              path: motd.txt
              content: |
                Hello from Plumbline!
              mode: "0644"
            """;

    private static final String APP = """
            # An application config rendered with the stack's variables (${env} comes from plumbline.yaml).
            apiVersion: files.plumbline.dev/v1
            kind: File
            metadata:
              name: app-config
            spec:
              path: app/config.ini
              content: |
                [app]
                environment = ${env}
                workers = 4
              mode: "0640"
            """;
}
