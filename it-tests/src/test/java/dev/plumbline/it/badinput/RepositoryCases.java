package dev.plumbline.it.badinput;

import static dev.plumbline.it.badinput.HostileCase.files;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Hostile input in the shape of the repository rather than a manifest's text: a file over the reader's
 * size limit, symbolic links out of the repository, to nothing or round in a circle, and file names that
 * could forge a line of output.
 */
final class RepositoryCases {

    private RepositoryCases() {
    }

    /** A file name that, printed raw, starts a line of its own that blames another file. */
    private static final String FORGED = "forged\nstacks/bad/base.yaml:1:1: all is fine.yaml";

    private static final String VALID = """
            apiVersion: files.plumbline.dev/v1
            kind: File
            metadata: { name: hostile }
            spec: { path: bad/hostile.txt, content: x }
            """;

    static List<HostileCase> all() {
        return List.of(
                files("manifest of 11 MiB", "big.yaml", 0, "up to 10 MiB", dir -> dir.write("big.yaml", bigManifest()))
                        // only named: validate places the problem at the stack's line in the config, and
                        // apply prints it under the reason without a location
                        .locatedBy(Pattern.compile(Pattern.quote("file 'stacks/bad/big.yaml'"))),
                files("link out of the repository", "escape.yaml", 0, "outside the repository",
                        dir -> dir.link("escape.yaml", "../../../../../../../../etc/passwd")),
                files("link by absolute path", "absolute.yaml", 0, "outside the repository",
                        dir -> dir.link("absolute.yaml", "/etc/hostname")),
                files("directory link out of the repository", "up", 0, "outside the repository",
                        dir -> dir.link("up", "../../..")),
                files("link to nothing", "dangling.yaml", 0, "not a file or directory",
                        dir -> dir.link("dangling.yaml", "missing.yaml")),
                files("links round in a circle", "loop-a.yaml", 0, "circle",
                        dir -> dir.link("loop-a.yaml", "loop-b.yaml").link("loop-b.yaml", "loop-a.yaml")),
                files("directory link to itself", "self", 0, "circle", dir -> dir.link("self", "."))
                        // named where the walk gave up: stacks/bad/self/self/.../self
                        .locatedBy(Pattern.compile("^" + Pattern.quote("stacks/bad/self") + "(/self)*: ")),
                files("file name with a newline", FORGED, 3, "metadata.name", dir -> dir.write(FORGED,
                        VALID.replace("{ name: hostile }", "{ name: \"\" }")))
                        // the line that names it, however the name is shown (today: raw, so it forges a line)
                        .locatedBy(Pattern.compile(Pattern.quote("all is fine.yaml") + "\"?:3:\\d+: ")));
    }

    /** A valid File whose content is 11 MiB: the reader refuses any file over 10 MiB. */
    private static byte[] bigManifest() {
        StringBuilder text = new StringBuilder("""
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: big }
                spec:
                  path: bad/big.txt
                  content: |
                """);
        String line = "    " + "0123456789abcdef".repeat(4) + "\n";
        while (text.length() < 11 * 1024 * 1024) {
            text.append(line);
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
