package dev.plumbline.it.badinput;

import static dev.plumbline.it.badinput.HostileCase.files;
import static dev.plumbline.it.badinput.HostileCase.manifest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hostile input at the level of the text: YAML that does not parse, or parses into something that is not a
 * mapping, or bytes that are not YAML text at all.
 */
final class SyntaxCases {

    private SyntaxCases() {
    }

    static List<HostileCase> all() {
        return List.of(
                manifest("unterminated flow sequence", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: [one, two
                        """, 7, "not valid YAML"),
                manifest("unterminated flow mapping", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile
                        spec:
                          path: bad/hostile.txt
                          content: x
                        """, 4, "not valid YAML"),
                manifest("unterminated double quote", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: "never closed
                        """, 7, "not valid YAML"),
                manifest("unterminated single quote", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: 'hostile }
                        spec:
                          path: bad/hostile.txt
                          content: x
                        """, 7, "not valid YAML"),
                manifest("tab for indentation", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata:
                        \tname: hostile
                        spec:
                          path: bad/hostile.txt
                          content: x
                        """, 4, "not valid YAML"),
                manifest("indentation that goes back too far", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata:
                            name: hostile
                          labels: {}
                        spec: { path: bad/hostile.txt, content: x }
                        """, 5, "not valid YAML"),
                manifest("duplicate key", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: x
                          path: bad/other.txt
                        """, 7, "duplicate key 'path'"),
                manifest("key that is a list", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          ? [path]
                          : bad/hostile.txt
                          content: x
                        """, 5, "a key must be a plain value"),
                manifest("alias to an anchor never defined", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: *nowhere
                        """, 6, "not valid YAML"),
                manifest("alias bomb", aliasBomb(), HostileCase.ANY_LINE, "aliases"),
                manifest("nesting 2000 levels deep", "apiVersion: files.plumbline.dev/v1\nkind: File\n"
                        + "metadata: { name: hostile }\nspec:\n  path: bad/hostile.txt\n  content: "
                        + "[".repeat(2000) + "]".repeat(2000) + "\n", 6, "nested"),
                manifest("YAML 2.0 directive", """
                        %YAML 2.0
                        ---
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "declares YAML 2.0"),
                manifest("raw NUL character in the text", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: a\0b
                        """, 6, "U+0000"),
                manifest("raw escape character in the text", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: a\u001bb
                        """, 6, "U+001B"),
                files("bytes that are not UTF-8", "case.yaml", 0, "not UTF-8", dir -> dir.write("case.yaml",
                        concat("apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: { name: hostile }\n"
                                + "spec: { path: bad/hostile.txt, content: \"caf", new byte[] {(byte) 0xC3, 0x28},
                                "\" }\n"))),
                files("UTF-16 text with its byte-order mark", "case.yaml", 0, "", dir -> dir.write("case.yaml",
                        ("\uFEFFapiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: { name: hostile }\n"
                                + "spec: { path: bad/hostile.txt, content: x }\n").getBytes(StandardCharsets.UTF_16LE))),
                manifest("document that is a scalar", """
                        just a sentence, not a resource
                        """, 1, "mapping"),
                manifest("document that is a list", """
                        - apiVersion: files.plumbline.dev/v1
                          kind: File
                          metadata: { name: hostile }
                          spec: { path: bad/hostile.txt, content: x }
                        """, 1, "mapping"),
                manifest("second document broken after a valid first", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        ---
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile-two }
                        spec: { path: bad/two.txt, content: x, }}
                        """, 9, "not valid YAML"));
    }

    /** Nine levels of nine aliases each: a few hundred bytes that would expand to 9^9 values. */
    private static String aliasBomb() {
        StringBuilder text = new StringBuilder("apiVersion: files.plumbline.dev/v1\nkind: File\n"
                + "metadata: { name: hostile }\nspec:\n  path: bad/hostile.txt\n  content: x\n"
                + "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String previous = "*a" + (level - 1);
            text.append("  a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous))).append("]\n");
        }
        return text.toString();
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(middle, 0, all, start.length, middle.length);
        System.arraycopy(end, 0, all, start.length + middle.length, end.length);
        return all;
    }
}
