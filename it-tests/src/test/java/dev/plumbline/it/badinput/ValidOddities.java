package dev.plumbline.it.badinput;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inputs that look odd but are valid, and must apply as any other: a byte-order mark, CRLF and CR line
 * ends, empty documents, files of comments or of nothing, no final newline, non-ASCII directory and file
 * names (in the repository and live), a file name of exactly 255 bytes, untidy paths, flow style, anchors
 * and aliases used for what they are, variables and the literal {@code $${}, quoted keys, and a YAML
 * directive, labels and annotations (which a file keeps in its ownership record), merge keys, and
 * {@code !!binary} content.
 */
final class ValidOddities {

    private ValidOddities() {
    }

    /** A File manifest, one key a line, LF line ends. */
    static String file(String name, String path, String contentScalar) {
        return """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: %s
                spec:
                  path: %s
                  content: %s
                """.formatted(name, path, contentScalar);
    }

    /** A name of 255 bytes in UTF-8 (127 two-byte characters and one byte): the longest a file system takes. */
    static final String LONGEST_NAME = "é".repeat(127) + "z";

    /** Writes the oddities into the stack's directory; returns the live files they must give, by path. */
    static Map<String, String> write(StackDir dir) {
        Map<String, String> live = new LinkedHashMap<>();
        dir.write("bom.yaml", "\uFEFF" + file("odd-bom", "bad/bom.txt", "after a byte-order mark"));
        live.put("bad/bom.txt", "after a byte-order mark");
        dir.write("crlf.yaml", file("odd-crlf", "bad/crlf.txt", "|\n    one\n    two").replace("\n", "\r\n"));
        live.put("bad/crlf.txt", "one\ntwo\n");
        dir.write("cr.yaml", file("odd-cr", "bad/cr.txt", "old-mac").replace("\n", "\r"));
        live.put("bad/cr.txt", "old-mac");
        dir.write("empty-documents.yaml", "---\n---\n# between\n---\n" + file("odd-docs", "bad/docs.txt", "x")
                + "---\n...\n---\n");
        live.put("bad/docs.txt", "x");
        dir.write("comments-only.yaml", "# nothing to apply here\n#   --- not a separator\n");
        dir.write("empty.yaml", new byte[0]);
        dir.write("blank.yml", "\n   \n\t\n");
        dir.write("no-final-newline.yml", file("odd-eof", "bad/eof.txt", "x").stripTrailing());
        live.put("bad/eof.txt", "x");
        dir.write("café/naïve.yaml", file("odd-cafe", "bad/café/naïve.txt", "crème brûlée"));
        live.put("bad/café/naïve.txt", "crème brûlée");
        dir.write("🚀/launch.yaml", file("odd-rocket", "\"bad/🚀/launch 🚀.txt\"", "\"🚀\""));
        live.put("bad/🚀/launch 🚀.txt", "🚀");
        dir.write("longest.yaml", file("odd-longest", "bad/" + LONGEST_NAME, "255 bytes"));
        live.put("bad/" + LONGEST_NAME, "255 bytes");
        dir.write("untidy.yaml", file("odd-untidy", "./bad//untidy.txt", "tidied"));
        live.put("bad/untidy.txt", "tidied");
        dir.write("flow.yaml", "{apiVersion: files.plumbline.dev/v1, kind: File, metadata: {name: odd-flow},"
                + " spec: {path: bad/flow.txt, content: flow, mode: \"600\"}}\n");
        live.put("bad/flow.txt", "flow");
        dir.write("anchors.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: &name odd-anchors }
                spec: { path: bad/anchors.txt, content: *name }
                """);
        live.put("bad/anchors.txt", "odd-anchors");
        dir.write("vars.yaml", file("odd-vars", "bad/vars-${env}.txt", "\"env=${env}, literal=$${env}\""));
        live.put("bad/vars-prod.txt", "env=prod, literal=${env}");
        dir.write("directive.yaml", "%YAML 1.2\n---\n" + file("odd-directive", "bad/directive.txt", "x"));
        live.put("bad/directive.txt", "x");
        dir.write("quoted-keys.yaml", """
                "apiVersion": 'files.plumbline.dev/v1'
                "kind": "File"
                "metadata": { "name": "odd-quoted" }
                "spec": { "content": "unicode \\u00e9\\u263A", "path": "bad/quoted.txt" }
                """);
        live.put("bad/quoted.txt", "unicode é☺");
        dir.write("labels.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: odd-labels
                  labels: { tier: web, "app.kubernetes.io/name": site }
                  annotations: { note: "kept in the record, not in the file" }
                spec: { path: bad/labels.txt, content: labelled }
                """);
        live.put("bad/labels.txt", "labelled");
        dir.write("merge.yaml", """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: odd-merge
                  annotations: &defaults { content: merged, mode: "0640" }
                spec:
                  <<: *defaults
                  path: bad/merge.txt
                """);
        live.put("bad/merge.txt", "merged");
        dir.write("binary.yaml", file("odd-binary", "bad/binary.txt", "!!binary aGVsbG8="));
        live.put("bad/binary.txt", "hello");
        return live;
    }
}
