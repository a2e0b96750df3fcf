package dev.plumbline.it.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./plumbline quickstart}, run through the launcher as a newcomer would from an empty directory:
 * it creates the demo, applies it within seconds, and the first and third things it suggests work.
 */
class QuickstartIT {

    @TempDir
    Path dir;

    private static Path launcher() {
        String root = System.getProperty("plumbline.root");
        assertThat(root).as("failsafe sets plumbline.root to the repository root").isNotNull();
        Path launcher = Path.of(root).resolve("plumbline");
        assertThat(launcher).isExecutable();
        return launcher;
    }

    private String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void comesUpAndAppliesTheDemo() throws Exception {
        Path out = dir.resolve("quickstart.out");
        Process process = new ProcessBuilder(launcher().toString(), "quickstart").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Path demo = dir.resolve("plumbline-demo");
            await().atMost(Duration.ofSeconds(90)).until(() -> "Hello from Plumbline!\n".equals(
                    read(demo.resolve("live/motd.txt"))));
            // the files of a run are written together, then their records: wait for the run to end
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(read(demo.resolve("live/app/config.ini"))).contains("environment = demo");
                assertThat(read(demo.resolve("live/.plumbline/stacks/demo/motd.txt.yaml"))).contains("stack: demo",
                        "revision: ");
            });
            assertThat(read(out)).contains("Try these", "Commit a change", "Edit a live file by hand",
                    "Delete a manifest", "plumbline-demo/live/.plumbline/stacks/demo/motd.txt.yaml");

            try (Git git = Git.open(demo.resolve("repo").toFile())) {
                Path motd = demo.resolve("repo/stacks/demo/motd.yaml");
                Files.writeString(motd, Files.readString(motd).replace("Hello from Plumbline!", "Changed by a commit"));
                PersonIdent me = new PersonIdent("Newcomer", "new@example.org");
                git.commit().setAll(true).setMessage("Change the greeting").setAuthor(me).setCommitter(me)
                        .setSign(false).call();
                git.rm().addFilepattern("stacks/demo/app.yaml").call();
                git.commit().setMessage("Remove the app config").setAuthor(me).setCommitter(me).setSign(false).call();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "Changed by a commit\n".equals(
                    read(demo.resolve("live/motd.txt"))));
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(demo.resolve("live/app/config.ini")));
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(read(out)).contains("agent stopped");
    }

    /**
     * Paths are UTF-8 whatever the caller's locale: under LANG=C, Java would name files in ASCII and could not
     * write a non-ASCII path; the launcher runs it under a UTF-8 locale.
     */
    @Test
    void nonAsciiPathsAreWrittenUnderAnAsciiLocale() throws Exception {
        dev.plumbline.it.fixture.Scenario scenario = dev.plumbline.it.fixture.Scenario.overFile(dir);
        scenario.writeConfig(dev.plumbline.it.fixture.Scenario.Options.defaults());
        scenario.manifest("cafe", "café/naïve-\uD83D\uDE00.txt", "bonjour").repo().commit("a non-ASCII path");
        ProcessBuilder apply = new ProcessBuilder(launcher().toString(), "apply", "--config",
                scenario.config().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("apply.out").toFile());
        apply.environment().keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG"));
        apply.environment().put("LANG", "C");

        Process process = apply.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(read(dir.resolve("apply.out"))).isZero();
        assertThat(scenario.liveFile("café/naïve-\uD83D\uDE00.txt")).isEqualTo("bonjour");
    }
}
