package dev.plumbline.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline completion bash|zsh}: a script that defines the completion function for {@code plumbline}
 * and registers it, knows the subcommands (not the hidden one) and their options, and completes in a real
 * bash.
 */
class CompletionCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void bashDefinesAndRegistersTheFunctionAndKnowsTheCommands() {
        Result result = run("completion", "bash");

        assertThat(result.code()).as(result.err()).isZero();
        String script = result.out();
        assertThat(script).startsWith("#!/usr/bin/env bash")
                .contains("function _complete_plumbline()")
                .contains("complete -F _complete_plumbline -o default plumbline")
                .contains("plumbline completion bash > ~/.local/share/bash-completion/completions/plumbline");
        String commands = script.lines().filter(line -> line.contains("local commands=\"validate ")).findFirst()
                .orElseThrow();
        assertThat(commands.split("\"")[1].split(" ")).contains("agent", "plan", "apply", "status", "sync",
                "version", "completion", "state").doesNotContain("record-classes");
        assertThat(script).as("the options of a subcommand").contains("'--config'", "'--server'", "'--token-file'");
        assertThat(script).as("picocli's own installation steps are replaced").doesNotContain("_completion\"");
    }

    @Test
    void zshLoadsTheBashScriptThroughItsBashEmulation() {
        Result result = run("completion", "zsh");

        assertThat(result.code()).as(result.err()).isZero();
        String script = result.out();
        int emulation = script.indexOf("autoload -U +X bashcompinit && bashcompinit");
        assertThat(emulation).isNotNegative();
        assertThat(script.indexOf("function _complete_plumbline()")).isGreaterThan(emulation);
        assertThat(script).contains("complete -F _complete_plumbline -o default plumbline",
                "source <(plumbline completion zsh)");
    }

    @Test
    void anotherShellIsAnError() {
        Result result = run("completion", "fish");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("bash, zsh");
    }

    @Test
    void completesInARealBash() throws Exception {
        Path bash = Path.of("/bin/bash");
        assertThat(Files.isExecutable(bash)).as("bash is installed at /bin/bash").isTrue();
        Path script = Files.writeString(dir.resolve("plumbline.bash"), run("completion", "bash").out());

        assertThat(complete(script, "plumbline", "st")).containsExactlyInAnyOrder("status", "state");
        assertThat(complete(script, "plumbline", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
        assertThat(complete(script, "plumbline", "version", "--ser")).containsExactly("--server");
        assertThat(complete(script, "plumbline", "state", "re")).containsExactlyInAnyOrder("restore",
                "rebuild-inventory");
    }

    /** What the function puts in COMPREPLY for the words typed, the cursor on the last one. */
    private List<String> complete(Path script, String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        String program = "source " + script + "\n"
                + "COMP_WORDS=(" + array + " )\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
                + "complete -p plumbline >/dev/null || exit 3\n"
                + "_complete_plumbline 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process process = new ProcessBuilder("/bin/bash", "--norc", "--noprofile", "-c", program)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().filter(line -> !line.isEmpty()).toList();
    }
}
