package dev.plumbline.provider.files;

import static dev.plumbline.provider.files.FileManifests.pathOfBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link FilesProvider#validate} refuses and {@link FilesProvider#normalize} fills in, by manifest line. */
class FilesValidationTest {

    private static final String FILE = "stacks/web/files.yaml";

    private final FilesProvider provider = new FilesProvider("local", Path.of("/nonexistent/root"));

    private static List<Resource> fixture(String name) throws IOException {
        try (InputStream in = FilesValidationTest.class.getResourceAsStream(name)) {
            return Manifests.parse("local", FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void reportsEveryProblemAtOnceEachAtItsLine() throws IOException {
        List<String> problems = provider.validate(fixture("many-problems.yaml")).stream()
                .map(Problem::toString).toList();

        assertThat(problems).containsExactlyInAnyOrder(
                FILE + ":6:9: spec.path of File escapes: the path '../etc/passwd' contains '..'; a file must stay"
                        + " under the provider's root",
                FILE + ":8:9: spec.mode of File escapes: mode 644 was read as a number; quote it so it stays octal,"
                        + " like mode: \"0644\"",
                FILE + ":11:7: unknown kind 'Directory' for files.plumbline.dev (known kinds: File)",
                FILE + ":26:10: unknown key 'owner' in spec of File absolute (known keys: path, content, mode)",
                FILE + ":25:12: spec.content of File absolute must be text, not the number 42; quote it, or use a"
                        + " block scalar (content: |), or !!binary and base64 for bytes",
                FILE + ":24:9: spec.path of File absolute: the path '/etc/nginx/nginx.conf' is absolute; write it"
                        + " relative to the provider's root, like etc/nginx/nginx.conf",
                FILE + ":33:3: File no-path needs spec.content (the text to write; \"\" for an empty file)",
                FILE + ":33:9: spec.mode of File no-path: mode \"0999\" is not an octal mode; write 3 or 4 octal"
                        + " digits in quotes, like \"0644\" or \"0755\"",
                FILE + ":33:3: File no-path needs spec.path (where to write the file, relative to the provider's root)",
                FILE + ":40:9: spec.path of File reserved: the path '.plumbline/stacks/web.yaml' has a .plumbline"
                        + " directory in it, which Plumbline keeps for its ledgers (at any depth, so that no manifest"
                        + " can write another provider's records); choose another directory",
                FILE + ":56:9: File second has the same path 'nginx/site.conf' as File first (" + FILE + ":48:9);"
                        + " a path has one owner, so change or remove one of them",
                FILE + ":58:9: spec.mode of File second: mode \"4755\" sets setuid, setgid or sticky bits, which the"
                        + " files provider cannot set; use the last three digits only");
    }

    @Test
    void acceptsTheUsualSpellings() throws IOException {
        assertThat(provider.validate(fixture("good-files.yaml"))).isEmpty();
    }

    @Test
    void normalisingFillsTheModeAndTidiesThePath() throws IOException {
        List<Resource> normalised = fixture("good-files.yaml").stream().map(provider::normalize).toList();

        assertThat(normalised.get(0).state()).isEqualTo(Map.of("spec", Map.of(
                "path", "nginx/site.conf", "content", "server { listen 80; }\n", "mode", "0644")));
        assertThat(normalised.get(1).spec()).containsEntry("mode", "0755").containsEntry("path", "bin/start.sh");
        assertThat(normalised.get(2).spec()).containsEntry("mode", "0644").containsEntry("content", "");
        assertThat(normalised.get(0).location()).isEqualTo(fixture("good-files.yaml").get(0).location());
        assertThat(provider.normalize(normalised.get(0))).isEqualTo(normalised.get(0));
    }

    @Test
    void aSpecInNormalFormIsKeptAsItIsAndOtherwiseTheManifestsOwnValuesAreKept() {
        List<Resource> resources = Manifests.parse("local", FILE, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: normal }
                spec: { path: a/b.conf, content: "x = 1\\n", mode: "0644" }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: reordered }
                spec: { path: a/c.conf, mode: "0600", content: "y = 2\\n" }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: untidy }
                spec: { path: ./a//d.conf, content: z }
                """);

        Resource normal = provider.normalize(resources.get(0));
        Resource reordered = provider.normalize(resources.get(1));
        Resource untidy = provider.normalize(resources.get(2));

        assertThat(normal).isSameAs(resources.get(0));
        assertThat(reordered).isNotSameAs(resources.get(1)).isEqualTo(resources.get(1));
        assertThat(reordered.spec().keySet()).containsExactly("path", "content", "mode");
        assertThat(reordered.spec().get("content")).isSameAs(resources.get(1).spec().get("content"));
        assertThat(reordered.spec().get("path")).isSameAs(resources.get(1).spec().get("path"));
        assertThat(untidy.spec()).containsExactly(Map.entry("path", "a/d.conf"), Map.entry("content", "z"),
                Map.entry("mode", "0644"));
        assertThat(provider.normalize(untidy)).isSameAs(untidy);
        assertThat(provider.normalize(reordered)).isSameAs(reordered);
    }

    @Test
    void aFileAndADirectoryOnOnePathConflict() {
        List<Resource> resources = Manifests.parse("local", FILE, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: parent }
                spec: { path: nginx, content: a }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: child }
                spec: { path: nginx/site.conf, content: b }
                """);

        assertThat(provider.validate(resources)).extracting(Problem::toString).containsExactly(
                FILE + ":9:15: File child needs 'nginx' to be a directory for 'nginx/site.conf', but File parent ("
                        + FILE + ":4:15) writes a file there; a path has one owner, so change or remove one of them");
    }

    @Test
    void refusesPathsThatLeaveTheRootOrNameNoFile() {
        for (String path : List.of("..", "a/../../b", "/abs", "", ".", "./", "dir/", "a/.x.plumbline-tmp-00ff")) {
            Resource resource = Manifests.one("local", """
                    apiVersion: files.plumbline.dev/v1
                    kind: File
                    metadata: { name: bad }
                    spec: { path: "%s", content: x }
                    """.formatted(path));

            assertThat(provider.validate(List.of(resource))).as(path).singleElement()
                    .satisfies(problem -> assertThat(problem.message()).startsWith("spec.path of File bad: "));
        }
    }

    @Test
    void refusesPathsNoFileSystemCanHoldAtSpecPath() {
        String name256 = "\u00e9".repeat(128); // 128 characters, 256 bytes in UTF-8
        List<String> problems = provider.validate(Manifests.parse("local", FILE, """
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: nul }
                spec: { path: "conf/a\\0b.conf", content: x }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: long-name }
                spec: { path: "conf/%s", content: x }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: long-path }
                spec: { path: "%s", content: x }
                ---
                apiVersion: files.plumbline.dev/v1
                kind: File
                metadata: { name: newline }
                spec: { path: "conf/a\\nb.conf", content: x }
                """.formatted(name256, pathOfBytes(4096)))).stream().map(Problem::toString).toList();

        assertThat(problems).containsExactly(
                FILE + ":4:15: spec.path of File nul: the path 'conf/a\\0b.conf' holds a NUL character (shown as"
                        + " \\0), which no file name can hold; remove it",
                FILE + ":9:15: spec.path of File long-name: the path 'conf/" + name256.substring(0, 75) + "...' has"
                        + " a name of 256 bytes in UTF-8 ('" + name256.substring(0, 80) + "...'), more than the 255"
                        + " bytes a file or directory name may have (NAME_MAX); shorten it",
                FILE + ":14:15: spec.path of File long-path: the path '" + pathOfBytes(4096).substring(0, 80)
                        + "...' is 4096 bytes long in UTF-8, more than the 4095 bytes a whole path may have"
                        + " (PATH_MAX); shorten it",
                FILE + ":19:15: spec.path of File newline: the path 'conf/a\\u000Ab.conf' holds the control"
                        + " character \\u000A; a file name is printable text");
    }

    @Test
    void aPathIsCheckedAsLongAsTheProviderWritesItUnderTheRoot() {
        // under /nonexistent/root (17 bytes) the longest path written for 'd.../f' is the ledger record's
        // temporary file: /nonexistent/root/.plumbline/stacks/<63>/d.../.f.yaml.plumbline-tmp-<16 hex>
        int longest = PathLimits.PATH_MAX - 17 - "/.plumbline/stacks/".length() - 63 - "/".length()
                - ".f.yaml.plumbline-tmp-0123456789abcdef".length() + "f".length();

        assertThat(provider.validate(List.of(FileManifests.file("fits", pathOfBytes(longest), "x")))).isEmpty();
        assertThat(provider.validate(List.of(FileManifests.file("over", pathOfBytes(longest + 1), "x"))))
                .extracting(Problem::message).containsExactly("spec.path of File over: under the root"
                        + " /nonexistent/root, the longest path the provider writes for it (the ledger record's"
                        + " temporary file) comes to up to 4096 bytes in UTF-8, more than the 4095 bytes a path may"
                        + " have (PATH_MAX); shorten the path by at least 1 byte");
        assertThat(provider.validate(List.of(FileManifests.file("max-name", "conf/" + "n".repeat(255), "x"))))
                .as("a name of 255 bytes, whose record name is shortened").isEmpty();
        String likeARecord = "r".repeat(250) + ".yaml";
        assertThat(provider.validate(List.of(FileManifests.file("record-like", likeARecord + "/f", "x"))))
                .as("a directory of 255 bytes named like a record, whose ledger directory takes one more '_'")
                .extracting(Problem::message).containsExactly("spec.path of File record-like: its ledger record,"
                        + " .plumbline/stacks/<stack>/<the path>.yaml would need a name of 256 bytes ('"
                        + (likeARecord + "_").substring(0, 80) + "...'), more than the 255 bytes a name may have"
                        + " (NAME_MAX); shorten the directory name it comes from");
    }

    @Test
    void refusesUnknownTopLevelFieldsAndNamespacesButTakesLabelsAndAnnotations() {
        Resource resource = Manifests.one("local", """
                apiVersion: files.plumbline.dev/v2
                kind: File
                metadata: { name: odd, namespace: web, annotations: { a: b } }
                spec: { path: a.conf, content: x }
                data: { extra: true }
                """);

        assertThat(provider.validate(List.of(resource))).extracting(Problem::message).containsExactlyInAnyOrder(
                "File web/odd has apiVersion 'files.plumbline.dev/v2'; the files provider serves"
                        + " files.plumbline.dev/v1",
                "unknown field 'data' in File web/odd (a File has apiVersion, kind, metadata and spec)",
                "File web/odd has a namespace, but files have none; remove metadata.namespace");
    }

    @Test
    void aSecretWhereTheFieldTakesNoneSaysSo() {
        Resource plain = FileManifests.file("where", "conf/a.conf", "x");
        java.util.Map<String, Object> spec = new java.util.LinkedHashMap<>(plain.spec());
        spec.put("path", new dev.plumbline.model.SecretTemplate("conf/${secret:env:NAME}.conf"));
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>(plain.document());
        document.put("spec", spec);
        Resource resource = plain.withDocument(document);

        assertThat(provider.validate(List.of(resource))).extracting(Problem::message).containsExactly(
                "spec.path of File where must be text, not a secret reference (this field takes none: write the"
                        + " value itself; only the fields the provider's page says take ${secret:...})");
    }
}
