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
                files("manifest of 11 MiB", "big.yaml", 0, "(4 MiB) a manifest file may be",
                        dir -> dir.write("big.yaml", bigManifest())),
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
                files("directory link to itself", "self", 0, "holds the link itself", dir -> dir.link("self", ".")),
                files("file name with a newline", FORGED, 3, "metadata.name", dir -> dir.write(FORGED,
                        VALID.replace("{ name: hostile }", "{ name: \"\" }")))
                        // the line that names it shows the line break escaped, so it cannot forge a line
                        .locatedBy(Pattern.compile("^" + Pattern.quote(TwoStacks.BAD_PATH + "/"
                                + FORGED.replace("\n", "\\u000A")) + ":3:\\d+: ")));
    }

    /** A valid File whose content is 11 MiB: a manifest may be 4 MiB at most, and is not even read beyond. */
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
