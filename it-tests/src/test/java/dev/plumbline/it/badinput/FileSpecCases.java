package dev.plumbline.it.badinput;

import static dev.plumbline.it.badinput.HostileCase.files;
import static dev.plumbline.it.badinput.HostileCase.manifest;

import java.util.List;

/**
 * Hostile input in a File's spec (paths that leave the root or reach the provider's own files, modes and
 * contents of the wrong kind) and in references (variables, secrets the config does not grant).
 */
final class FileSpecCases {

    private FileSpecCases() {
    }

    /** A File named {@code hostile} whose spec is the given lines (each indented by two); spec on line 5. */
    private static String withSpec(String... lines) {
        StringBuilder text = new StringBuilder("""
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata:
                  name: hostile
                spec:
                """);
        for (String line : lines) {
            text.append("  ").append(line).append('\n');
        }
        return text.toString();
    }

    static List<HostileCase> all() {
        return List.of(
                manifest("path with ..", withSpec("path: ../outside.txt", "content: x"), 6, "'..'"),
                manifest("path with .. in the middle", withSpec("path: bad/../../outside.txt", "content: x"), 6,
                        "'..'"),
                manifest("absolute path", withSpec("path: /etc/hostile.txt", "content: x"), 6, "path"),
                manifest("path into the provider's ledger", withSpec(
                        "path: .plumbline/stacks/good/good/counter.txt.yaml", "content: 'stack: bad'"), 6,
                        ".plumbline"),
                manifest("path into the ledger, untidy", withSpec("path: ./.plumbline//x", "content: x"), 6,
                        ".plumbline"),
                manifest("path with a .plumbline directory deeper down", withSpec(
                        "path: bad/nested/.plumbline/stacks/good/x.yaml", "content: x"), 6, ".plumbline directory"),
                manifest("path of the provider's temporary file", withSpec(
                        "path: bad/.base.txt.plumbline-tmp-0123abcd", "content: x"), 6, "temporary"),
                manifest("path component of 256 bytes", withSpec("path: bad/" + "n".repeat(256), "content: x"), 6,
                        "255"),
                manifest("path that is a directory", withSpec("path: bad/dir/", "content: x"), 6, "path"),
                manifest("path with a NUL escape", withSpec("path: \"bad/host\\0ile.txt\"", "content: x"), 6,
                        "\\0"),
                manifest("path empty", withSpec("path: \"\"", "content: x"), 6, "path"),
                manifest("path missing", withSpec("content: x"), 6, "needs spec.path"),
                manifest("path a list", withSpec("path: [bad, hostile.txt]", "content: x"), 6, "path"),
                files("two Files with one path", "b.yaml", 6, "path", dir -> dir
                        .write("a.yaml", withSpec("path: bad/shared.txt", "content: a").replace("hostile", "first"))
                        .write("b.yaml", withSpec("path: bad/shared.txt", "content: b").replace("hostile", "second"))),
                files("a File's path running through another's", "b.yaml", 6, "path", dir -> dir
                        .write("a.yaml", withSpec("path: bad/a", "content: a").replace("hostile", "first"))
                        .write("b.yaml", withSpec("path: bad/a/b", "content: b").replace("hostile", "second"))),
                manifest("path another stack owns", withSpec("path: good/site.conf", "content: taken"), 1,
                        "is managed by stack 'good'").onlyAgainstLiveState(),
                manifest("mode 0999", withSpec("path: bad/hostile.txt", "content: x", "mode: \"0999\""), 8, "mode"),
                manifest("mode with setuid", withSpec("path: bad/hostile.txt", "content: x", "mode: \"4755\""), 8,
                        "mode"),
                manifest("mode unquoted", withSpec("path: bad/hostile.txt", "content: x", "mode: 0644"), 8,
                        "was read as a number"),
                manifest("mode a list", withSpec("path: bad/hostile.txt", "content: x", "mode: [\"0644\"]"), 8,
                        "mode"),
                manifest("content a list", withSpec("path: bad/hostile.txt", "content: [a, b]"), 7, "content"),
                manifest("content a mapping", withSpec("path: bad/hostile.txt", "content: { a: b }"), 7, "content"),
                manifest("content a number", withSpec("path: bad/hostile.txt", "content: 42"), 7, "content"),
                manifest("content null", withSpec("path: bad/hostile.txt", "content: ~"), 7, "content"),
                manifest("content missing", withSpec("path: bad/hostile.txt"), 6, "needs spec.content"),
                manifest("unknown spec key", withSpec("path: bad/hostile.txt", "content: x", "owner: root"), 8,
                        "owner"),
                manifest("unknown variable", withSpec("path: bad/hostile.txt", "content: ${missing}"), 7,
                        "unknown variable 'missing'"),
                manifest("unclosed variable", withSpec("path: bad/hostile.txt", "content: \"${env\""), 7,
                        "is not closed"),
                manifest("malformed variable name", withSpec("path: bad/hostile.txt", "content: ${1st}"), 7,
                        "is not a variable reference"),
                manifest("variable in a key that is unknown", withSpec("path: bad/hostile.txt", "content: x",
                        "${nokey}: y"), 8, "unknown variable 'nokey'"),
                manifest("secret from an environment variable not granted", withSpec("path: bad/hostile.txt",
                        "content: ${secret:env:HOME}"), 7, "HOME"),
                manifest("secret file with ..", withSpec("path: bad/hostile.txt",
                        "content: ${secret:file:secrets/../plumbline.yaml}"), 7, "secret"),
                manifest("secret file by absolute path", withSpec("path: bad/hostile.txt",
                        "content: ${secret:file:/etc/passwd}"), 7, "secret"),
                manifest("secret file outside the granted roots", withSpec("path: bad/hostile.txt",
                        "content: ${secret:file:state/state.db}"), 7, "secret"),
                manifest("secret of an unknown scheme", withSpec("path: bad/hostile.txt",
                        "content: ${secret:vault:db}"), 7, "is not a secret reference"),
                manifest("secret in a key", withSpec("path: bad/hostile.txt", "content: x",
                        "\"${secret:env:" + TwoStacks.GRANTED_ENV + "}\": y"), 8, "a key cannot hold a secret"),
                manifest("secret where the File takes none", withSpec("path: bad/${secret:env:"
                        + TwoStacks.GRANTED_ENV + "}.txt", "content: x"), 6, "spec.path of File hostile must be text, not a secret"
                        + " reference (this field takes none"));
    }
}
