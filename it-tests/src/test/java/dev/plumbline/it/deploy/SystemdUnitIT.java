package dev.plumbline.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/systemd/plumbline.service} as systemd reads it: {@code systemd-analyze verify} prints nothing about
 * it (an unknown key, a bad value, a missing binary are warnings there, with exit code 0, so the output is what is
 * checked), {@code systemd-analyze security --offline=yes} rates its exposure low, and {@code systemd-sysusers}
 * creates the user the unit runs as from {@code plumbline.sysusers}. The tools come with Debian's package
 * {@code systemd} ({@code ./run-tests} installs it); without them the test fails, it is not skipped.
 *
 * <p>{@code verify} also checks that ExecStart's binary exists: it runs on a copy of the unit whose ExecStart
 * names a stub in a temporary directory instead of {@code /opt/plumbline/bin/plumbline}, and the test checks that
 * nothing else differs. ({@code --root=} does not do: it looks for {@code sysinit.target} and the other units the
 * service depends on below that root too.)
 */
class SystemdUnitIT {

    /** The highest overall exposure {@code systemd-analyze security} may give (0 is best, 10 worst; 1.2 now). */
    private static final double MAX_EXPOSURE = 2.0;
    private static final String LAUNCHER = "/opt/plumbline/bin/plumbline";
    private static final String EXEC_START = "ExecStart=" + LAUNCHER
            + " agent --config /etc/plumbline/plumbline.yaml";

    @TempDir
    Path dir;

    private record Run(int code, String output) {
    }

    @Test
    void verifyPrintsNothingAboutTheUnit() throws Exception {
        Path copy = copyWithStubLauncher();

        Run verify = run(List.of(tool("systemd-analyze"), "verify", copy.toString()));

        List<String> aboutUnit = verify.output().lines()
                .filter(line -> line.contains("plumbline") || line.contains(dir.toString())).toList();
        assertThat(aboutUnit).as("systemd-analyze verify on the unit printed:\n%s", verify.output()).isEmpty();
        assertThat(verify.code()).as("systemd-analyze verify's exit code; it printed:\n%s", verify.output()).isZero();
    }

    @Test
    void aCopyWithABrokenLineIsCaught() throws Exception {
        // the check above would notice a mistake: verify warns about an unknown key, and still exits 0
        Path copy = copyWithStubLauncher();
        Files.writeString(copy, Files.readString(copy).replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"));

        Run verify = run(List.of(tool("systemd-analyze"), "verify", copy.toString()));

        assertThat(verify.output()).contains("plumbline.service").contains("Unknown key", "NoNewPrivilege");
    }

    @Test
    void exposureIsLow() throws Exception {
        Path copy = copyWithStubLauncher();
        String analyze = tool("systemd-analyze");
        Run version = run(List.of(analyze, "--version"));
        Matcher number = Pattern.compile("systemd (\\d+)").matcher(version.output());
        assertThat(number.find()).as("systemd-analyze --version said: %s", version.output()).isTrue();
        assertThat(Integer.parseInt(number.group(1))).as("systemd-analyze security --offline needs systemd 250 or"
                + " newer (Debian 12 has 252)").isGreaterThanOrEqualTo(250);

        Run security = run(List.of(analyze, "security", "--offline=yes", "--no-pager", copy.toString()));

        Matcher overall = Pattern.compile("Overall exposure level for plumbline\\.service: (\\d+\\.\\d+)")
                .matcher(security.output());
        assertThat(overall.find()).as("systemd-analyze security printed:\n%s", security.output()).isTrue();
        double exposure = Double.parseDouble(overall.group(1));
        assertThat(exposure).as("overall exposure; systemd-analyze security printed:\n%s", security.output())
                .isLessThanOrEqualTo(MAX_EXPOSURE);
        assertThat(security.code()).as(security.output()).isZero();
    }

    @Test
    void theUnitSaysWhatInstallingItNeeds() throws Exception {
        Map<String, List<String>> service = section(Files.readString(unit()), "Service");

        assertThat(service.get("ExecStart")).containsExactly(EXEC_START.substring("ExecStart=".length()));
        assertThat(service.get("User")).containsExactly("plumbline");
        assertThat(service.get("Group")).containsExactly("plumbline");
        assertThat(service.get("StateDirectory")).containsExactly("plumbline");
        assertThat(service.get("ConfigurationDirectory")).containsExactly("plumbline");
        assertThat(service.get("ReadWritePaths")).containsExactly("/var/lib/plumbline");
        assertThat(service.get("EnvironmentFile")).containsExactly("-/etc/plumbline/plumbline.env");
        assertThat(service.get("KillSignal")).containsExactly("SIGTERM");
        assertThat(service.get("TimeoutStopSec")).as("longer than the agent's 30 s to stop").containsExactly("45s");
        assertThat(service.get("SuccessExitStatus")).containsExactly("143");
        assertThat(service.get("Restart")).containsExactly("on-failure");
        assertThat(service.get("CapabilityBoundingSet")).containsExactly("");
        assertThat(service.get("ProtectSystem")).containsExactly("strict");
        assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(service.get("LimitNOFILE")).containsExactly("65536");
        assertThat(service).as("the JVM's JIT writes code it executes").doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void sysusersCreatesTheUserTheUnitRunsAs() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Path sysusers = unit().resolveSibling("plumbline.sysusers");

        Run created = run(List.of(tool("systemd-sysusers"), "--root=" + root, sysusers.toString()));

        assertThat(created.code()).as(created.output()).isZero();
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).anySatisfy(line -> assertThat(line)
                .startsWith("plumbline:x:").endsWith(":/var/lib/plumbline:/usr/sbin/nologin"));
        assertThat(Files.readAllLines(root.resolve("etc/group"))).anySatisfy(line -> assertThat(line)
                .startsWith("plumbline:x:"));
    }

    /** The unit in the repository. */
    private static Path unit() {
        String root = System.getProperty("plumbline.root");
        assertThat(root).as("failsafe sets plumbline.root to the repository root").isNotNull();
        Path unit = Path.of(root, "deploy", "systemd", "plumbline.service");
        assertThat(unit).isRegularFile();
        return unit;
    }

    /**
     * A copy of the unit in the temporary directory whose ExecStart names an executable stub there; the test fails
     * unless the ExecStart line is the only one that differs, and differs in the launcher's path alone.
     */
    private Path copyWithStubLauncher() throws IOException {
        Path stub = Files.writeString(dir.resolve("plumbline"), "#!/bin/sh\nexit 0\n");
        assertThat(stub.toFile().setExecutable(true)).isTrue();
        List<String> original = Files.readAllLines(unit());
        List<String> copied = new ArrayList<>();
        for (String line : original) {
            copied.add(line.startsWith("ExecStart=" + LAUNCHER + " ")
                    ? "ExecStart=" + stub + line.substring(("ExecStart=" + LAUNCHER).length()) : line);
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            if (!original.get(i).equals(copied.get(i))) {
                changed.add(i);
            }
        }
        assertThat(changed).as("exactly one line, ExecStart, names the launcher " + LAUNCHER).hasSize(1);
        assertThat(original.get(changed.get(0))).isEqualTo(EXEC_START);
        assertThat(copied.get(changed.get(0)).replace(stub.toString(), LAUNCHER)).isEqualTo(EXEC_START);
        Path copy = dir.resolve("plumbline.service");
        Files.write(copy, copied, StandardCharsets.UTF_8);
        return copy;
    }

    /** The values of each key of one section, in order (a key may repeat); continuation lines are not used. */
    private static Map<String, List<String>> section(String unit, String name) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = "";
        for (String raw : unit.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1);
            } else if (current.equals(name)) {
                int equals = line.indexOf('=');
                assertThat(equals).as("a key=value line: %s", line).isPositive();
                keys.computeIfAbsent(line.substring(0, equals).strip(), k -> new ArrayList<>())
                        .add(line.substring(equals + 1).strip());
            }
        }
        return keys;
    }

    /** A tool of Debian's package systemd, found on the PATH; the test fails naming the package without it. */
    private static String tool(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(name + " is not on the PATH: it comes with the Debian package systemd; ./run-tests installs it,"
                + " or apt-get install -y --no-install-recommends systemd");
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "output", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
