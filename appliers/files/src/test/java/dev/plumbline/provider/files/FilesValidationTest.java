package dev.plumbline.provider.files;

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
                FILE + ":22:5: File absolute has metadata.labels, but a file on disk cannot carry them; remove them",
                FILE + ":26:10: unknown key 'owner' in spec of File absolute (known keys: path, content, mode)",
                FILE + ":25:12: spec.content of File absolute must be text, not the number 42; quote it, or use a"
                        + " block scalar (content: |)",
                FILE + ":24:9: spec.path of File absolute: the path '/etc/nginx/nginx.conf' is absolute; write it"
                        + " relative to the provider's root, like etc/nginx/nginx.conf",
                FILE + ":33:3: File no-path needs spec.content (the text to write; \"\" for an empty file)",
                FILE + ":33:9: spec.mode of File no-path: mode \"0999\" is not an octal mode; write 3 or 4 octal"
                        + " digits in quotes, like \"0644\" or \"0755\"",
                FILE + ":33:3: File no-path needs spec.path (where to write the file, relative to the provider's root)",
                FILE + ":40:9: spec.path of File reserved: the path '.plumbline/stacks/web.yaml' is under"
                        + " .plumbline/, which Plumbline keeps for its ledgers; choose another directory",
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
    void refusesUnknownTopLevelFieldsAndNamespaces() {
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
                "File web/odd has metadata.annotations, but a file on disk cannot carry them; remove them",
                "File web/odd has a namespace, but files have none; remove metadata.namespace");
    }
}
