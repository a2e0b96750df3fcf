package dev.plumbline.it.badinput;

import static dev.plumbline.it.badinput.HostileCase.files;
import static dev.plumbline.it.badinput.HostileCase.manifest;

import java.util.List;

/**
 * Hostile input that parses but is not a resource: the identity fields ({@code apiVersion}, {@code kind},
 * {@code metadata}) with the wrong type or value, what a File cannot hold (a namespace, bytes as a path), and
 * Plumbline's own directives misspelt or pointing nowhere.
 */
final class ShapeCases {

    private ShapeCases() {
    }

    /** A File manifest with {@code metadata} as given (one line) and a valid spec; metadata on line 3. */
    private static String withMetadata(String metadata) {
        return """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: %s
                spec: { path: bad/hostile.txt, content: x }
                """.formatted(metadata);
    }

    static List<HostileCase> all() {
        return List.of(
                manifest("apiVersion as a list", """
                        apiVersion: [files.plumbline.dev/v1]
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "apiVersion"),
                manifest("apiVersion missing", """
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "apiVersion"),
                manifest("apiVersion malformed", """
                        apiVersion: Files.Plumbline.dev/V1/beta
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "is not of the form group/version"),
                manifest("apiVersion of an unknown group", """
                        apiVersion: nosuch.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "nosuch.plumbline.dev"),
                manifest("apiVersion of an unknown version", """
                        apiVersion: files.plumbline.dev/v9
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "v9"),
                manifest("kind as a mapping", """
                        apiVersion: files.plumbline.dev/v1
                        kind: { File: true }
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 2, "kind"),
                manifest("kind as a number", """
                        apiVersion: files.plumbline.dev/v1
                        kind: 42
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 2, "kind"),
                manifest("unknown kind", """
                        apiVersion: files.plumbline.dev/v1
                        kind: Folder
                        metadata: { name: hostile }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 2, "Folder"),
                manifest("metadata empty mapping", withMetadata("{}"), 3, "name"),
                manifest("metadata a list", withMetadata("[]"), 3, "metadata"),
                manifest("metadata null", withMetadata("null"), 3, "metadata"),
                manifest("metadata a string", withMetadata("hostile"), 3, "metadata"),
                manifest("name empty", withMetadata("{ name: \"\" }"), 3, "name"),
                manifest("name blank", withMetadata("{ name: \"   \" }"), 3, "name"),
                manifest("name a mapping", withMetadata("{ name: { first: host } }"), 3, "name"),
                manifest("name with a NUL", withMetadata("{ name: \"host\\0ile\" }"), 3, "control character"),
                manifest("name with a line break", withMetadata("{ name: \"host\\nile\" }"), 3, "control character"),
                manifest("name with terminal escapes", withMetadata("{ name: \"\\e[2Jhost\\b\" }"), 3,
                        "control character"),
                manifest("namespace on a File", withMetadata("{ name: hostile, namespace: web }"), 3, "namespace"),
                manifest("labels that are not text", withMetadata("{ name: hostile, labels: [tier] }"), 3, "labels"),
                manifest("binary bytes as a path", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec: { path: !!binary YmFkL2hvc3RpbGUudHh0, content: x }
                        """, 4, "binary bytes"),
                manifest("unknown plumbline.dev annotation", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata:
                          name: hostile
                          annotations:
                            plumbline.dev/prun: disabled
                        spec: { path: bad/hostile.txt, content: x }
                        """, 6, "'plumbline.dev/prun' is not an annotation Plumbline knows"),
                manifest("prune directive with a bad value", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata:
                          name: hostile
                          annotations: { plumbline.dev/prune: "false" }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 5, "takes one value"),
                manifest("provider directive naming an unknown provider", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata:
                          name: hostile
                          annotations: { plumbline.dev/provider: nowhere }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 1, "nowhere"),
                manifest("provider directive blank", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata:
                          name: hostile
                          annotations: { plumbline.dev/provider: " " }
                        spec: { path: bad/hostile.txt, content: x }
                        """, 5, "must name a provider"),
                manifest("spec a list", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec: [bad/hostile.txt, x]
                        """, 4, "spec"),
                manifest("spec a string", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: { name: hostile }
                        spec: bad/hostile.txt
                        """, 4, "spec"),
                manifest("anchor reused where a string belongs", """
                        apiVersion: files.plumbline.dev/v1
                        kind: File
                        metadata: &meta { name: hostile }
                        spec:
                          path: bad/hostile.txt
                          content: *meta
                        """, HostileCase.ANY_LINE, "must be text, not a mapping"),
                files("two files defining one resource", "b.yaml", 1, "already defined at", dir -> dir
                        .write("a.yaml", withMetadata("{ name: twin }"))
                        .write("b.yaml", withMetadata("{ name: twin }").replace("hostile.txt", "other.txt"))),
                files("one resource defined again in the same file", "case.yaml", 6, "already defined at", dir -> dir
                        .write("case.yaml", withMetadata("{ name: twin }") + "---\n"
                                + withMetadata("{ name: twin }").replace("hostile.txt", "other.txt"))));
    }
}
