package dev.plumbline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.problem.Problem;
import dev.plumbline.snapshot.TreeFile;
import dev.plumbline.snapshot.TreeReader;
import dev.plumbline.yaml.FieldPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

    private static final Map<String, String> VARS = Map.of("host", "example.org", "port", "8080", "env", "prod");

    private static ManifestFile fixture(String name) throws IOException {
        try (InputStream in = RendererTest.class.getResourceAsStream("/dev/plumbline/render/web/" + name)) {
            byte[] bytes = in.readAllBytes();
            return new ManifestFile("stacks/web/" + name, "blob-" + name + "-" + bytes.length, bytes);
        }
    }

    private static ManifestFile text(String path, String yaml) {
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        return new ManifestFile(path, Integer.toHexString(yaml.hashCode()), bytes);
    }

    @Test
    void rendersEveryDocumentWithVariablesAndPositions() throws IOException {
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", VARS,
                List.of(fixture("site.yaml"))));

        assertThat(result.problems()).isEmpty();
        assertThat(result.resources()).extracting(Resource::key).containsExactly(
                new ResourceKey("local", "files.plumbline.dev", "File", "", "site-conf"),
                new ResourceKey("other", "files.plumbline.dev", "File", "", "env"));
        Resource site = result.resources().get(0);
        assertThat(site.spec()).containsEntry("content", "server_name example.org;\nlisten 8080;\n");
        assertThat(site.location().toString()).isEqualTo("stacks/web/site.yaml:2:1");
        assertThat(site.location(FieldPath.of("spec", "mode")).toString()).isEqualTo("stacks/web/site.yaml:11:9");
        Resource env = result.resources().get(1);
        assertThat(env.spec()).containsEntry("content", "ENV=prod literal=${env}").containsEntry("replicas", 8080L);
        assertThat(env.location().line()).isEqualTo(13);
    }

    @Test
    void reportsEveryProblemOfEveryFileAtOnce() throws IOException {
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", VARS,
                List.of(fixture("broken.yaml"), fixture("site.yaml"))));

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "stacks/web/broken.yaml:7:3: duplicate key 'path' (first at line 6)");

        RenderResult semantic = new Renderer().render(new RenderRequest("web", "local", VARS, List.of(
                text("x/a.yaml", "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata:\n  labels: { tier: 1 }\n"
                        + "spec:\n  content: ${nope}\n---\n- just\n- a list\n"),
                text("x/b.yaml", "apiVersion: Files/V1\nkind: File\nmetadata: { name: b }\n"))));
        assertThat(semantic.problems()).extracting(Problem::toString).containsExactly(
                "x/a.yaml:6:12: unknown variable 'nope'; the stack's vars are: env, host, port",
                "x/a.yaml:4:3: the document needs 'metadata.name'",
                "x/a.yaml:4:19: 'metadata.labels.tier' must be a string; quote it",
                "x/a.yaml:8:1: a manifest document must be a mapping with apiVersion, kind and metadata",
                "x/b.yaml:1:13: apiVersion 'Files/V1' is not of the form group/version (like files.plumbline.dev/v1)"
                        + " or version (like v1)");
        assertThat(semantic.resources()).isEmpty();
    }

    @Test
    void twoDocumentsWithOneIdentityAreAnError() {
        String doc = "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: { name: same }\nspec: {}\n";
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("a.yaml", doc), text("b.yml", "# other\n" + doc))));

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "b.yml:2:1: File same is already defined at a.yaml:1:1; each resource must be defined once");
        assertThat(result.resources()).hasSize(1);
    }

    @Test
    void malformedYamlNamesTheLine() {
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("bad.yaml", "apiVersion: v1\nkind: [File\nmetadata: {}\n"))));
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().file()).isEqualTo("bad.yaml");
            assertThat(p.location().line()).isEqualTo(3);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void aKnownBlobIdIsNotParsedAgain() {
        Renderer renderer = new Renderer();
        String doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: one }\n";
        ManifestFile first = new ManifestFile("a.yaml", "blob1", doc.getBytes(StandardCharsets.UTF_8));
        ManifestFile sameBlob = new ManifestFile("a.yaml", "blob1", "not: [yaml".getBytes(StandardCharsets.UTF_8));
        ManifestFile newBlob = new ManifestFile("a.yaml", "blob2", "not: [yaml".getBytes(StandardCharsets.UTF_8));

        assertThat(renderer.render(new RenderRequest("s", "p", Map.of(), List.of(first))).ok()).isTrue();
        assertThat(renderer.render(new RenderRequest("s", "p", Map.of(), List.of(sameBlob))).ok()).isTrue();
        assertThat(renderer.render(new RenderRequest("s", "p", Map.of(), List.of(newBlob))).ok()).isFalse();
        assertThat(renderer.render(new RenderRequest("s", "p", Map.of("x", "1"), List.of(sameBlob))).ok())
                .as("other variables render again").isFalse();
    }

    @Test
    void aCachedFileGivesTheSameResourcesAndProblemsAndAGitBlobIdDifferingInOneDigitIsParsedAgain() {
        Renderer renderer = new Renderer();
        String blob = "0123456789abcdef0123456789abcdef01234567";
        ManifestFile one = new ManifestFile("a.yaml", blob,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: one }\n".getBytes(StandardCharsets.UTF_8));
        ManifestFile two = new ManifestFile("b.yaml", "1".repeat(40), ("apiVersion: v1\nkind: ConfigMap\n"
                + "metadata: { name: two }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: three }\n")
                .getBytes(StandardCharsets.UTF_8));
        ManifestFile bad = new ManifestFile("c.yaml", "ABCDEF" + "0".repeat(34),
                "apiVersion: v1\nkind: ConfigMap\n".getBytes(StandardCharsets.UTF_8));
        RenderRequest request = new RenderRequest("s", "p", Map.of(), List.of(one, two, bad));

        RenderResult first = renderer.render(request);
        RenderResult again = renderer.render(request);

        assertThat(again.parsed()).isZero();
        assertThat(first.resources()).extracting(Resource::name).containsExactly("one", "two", "three");
        assertThat(again.resources()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(again.resources().get(i)).as("the very resource").isSameAs(first.resources().get(i));
        }
        assertThat(again.problems()).isEqualTo(first.problems()).hasSize(1);
        assertThat(again.resources().get(0).location().file()).isEqualTo("a.yaml");

        String nextBlob = blob.substring(0, 39) + "8";
        ManifestFile changed = new ManifestFile("a.yaml", nextBlob,
                "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: uno }\n".getBytes(StandardCharsets.UTF_8));
        ManifestFile upper = new ManifestFile("a.yaml", nextBlob.toUpperCase(), changed.content());
        RenderResult after = renderer.render(new RenderRequest("s", "p", Map.of(), List.of(changed, two, bad)));
        assertThat(after.parsed()).isEqualTo(1);
        assertThat(after.resources()).extracting(Resource::name).containsExactly("uno", "two", "three");
        assertThat(renderer.render(new RenderRequest("s", "p", Map.of(), List.of(upper, two, bad))).parsed())
                .as("another spelling of the id is another id").isEqualTo(1);
    }

    /** A tree of {@code count} ConfigMap manifests, counting what is read; {@code changed} has other content. */
    private static final class CountingTree implements dev.plumbline.snapshot.TreeReader {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        final List<dev.plumbline.snapshot.TreeFile> files = new java.util.ArrayList<>();

        CountingTree(int count, int changed) {
            for (int i = 0; i < count; i++) {
                String text = content(i, i == changed);
                files.add(new dev.plumbline.snapshot.TreeFile("m" + i + ".yaml", blobId(text),
                        text.getBytes(StandardCharsets.UTF_8).length));
            }
        }

        static String blobId(String text) {
            return String.format("%040x", new java.math.BigInteger(1, text.getBytes(StandardCharsets.UTF_8))
                    .mod(java.math.BigInteger.TWO.pow(160)));
        }

        static String content(int i, boolean changed) {
            return "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m" + i + " }\ndata: { v: \""
                    + (changed ? "new" : "old") + "\" }\n";
        }

        @Override
        public List<dev.plumbline.snapshot.TreeFile> files(String dir, java.util.function.Predicate<String> filter) {
            return files;
        }

        @Override
        public boolean isDirectory(String dir) {
            return true;
        }

        @Override
        public byte[] read(dev.plumbline.snapshot.TreeFile file) {
            reads.incrementAndGet();
            int i = Integer.parseInt(file.path().substring(1, file.path().indexOf('.')));
            String text = content(i, !blobId(content(i, false)).equals(file.blobId()));
            return text.getBytes(StandardCharsets.UTF_8);
        }

        RenderRequest request(String stack) {
            return new RenderRequest(stack, "p", Map.of(), files.stream().map(f -> ManifestFile.read(this, f)).toList());
        }
    }

    @Test
    void aCommitThatChangesOneFileOfManyReadsAndParsesThatOneOnly() {
        Renderer renderer = new Renderer();
        CountingTree before = new CountingTree(200, -1);
        CountingTree after = new CountingTree(200, 42);

        RenderResult first = renderer.render(before.request("web"));
        RenderResult second = renderer.render(after.request("web"));

        assertThat(first.parsed()).isEqualTo(200);
        assertThat(second.files()).isEqualTo(200);
        assertThat(second.parsed()).isEqualTo(1);
        assertThat(after.reads.get()).as("files known from the previous render are not even read").isEqualTo(1);
        assertThat(second.resources()).hasSize(200).filteredOn(r -> r.name().equals("m42"))
                .singleElement().extracting(r -> Values.map(r.document().get("data")).get("v")).isEqualTo("new");
        assertThat(renderer.render(before.request("api")).parsed()).as("each stack has its own files").isEqualTo(200);
    }

    @Test
    void aFileThatLeftTheStackIsParsedAgainWhenItComesBack() {
        Renderer renderer = new Renderer();
        ManifestFile a = text("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n");
        ManifestFile b = text("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n");

        renderer.render(new RenderRequest("web", "p", Map.of(), List.of(a, b)));
        assertThat(renderer.render(new RenderRequest("web", "p", Map.of(), List.of(a))).parsed()).isZero();
        assertThat(renderer.render(new RenderRequest("web", "p", Map.of(), List.of(a, b))).parsed()).isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeReadFromTheRepositoryFailsTheRenderInsteadOfBeingCalledABug() {
        dev.plumbline.snapshot.TreeFile file = new dev.plumbline.snapshot.TreeFile("a.yaml", "0".repeat(40), 3);
        dev.plumbline.snapshot.TreeReader broken = new dev.plumbline.snapshot.TreeReader() {
            @Override
            public List<dev.plumbline.snapshot.TreeFile> files(String dir, java.util.function.Predicate<String> f) {
                return List.of(file);
            }

            @Override
            public boolean isDirectory(String dir) {
                return true;
            }

            @Override
            public byte[] read(dev.plumbline.snapshot.TreeFile any) {
                throw new dev.plumbline.problem.TransientException("MirrorUnreadable", "the mirror is gone");
            }
        };

        assertThatThrownBy(() -> new Renderer().render(new RenderRequest("web", "p", Map.of(),
                List.of(ManifestFile.read(broken, file))))).isInstanceOf(dev.plumbline.problem.TransientException.class)
                .hasMessage("the mirror is gone");
    }

    @Test
    void aSecretReferenceIsKeptAsATemplateNotResolved() {
        RenderResult result = new Renderer().render(new RenderRequest("s", "p", Map.of("env", "prod"), List.of(
                text("db.yaml", "apiVersion: v1\nkind: Secretive\nmetadata: { name: db }\n"
                        + "spec: { password: \"${secret:env:DB_PASS}\", url: \"db-${env}\" }\n"))));

        assertThat(result.problems()).isEmpty();
        Map<String, Object> spec = result.resources().get(0).spec();
        assertThat(spec).containsEntry("password", new dev.plumbline.model.SecretTemplate("${secret:env:DB_PASS}"))
                .containsEntry("url", "db-prod");
    }

    @Test
    void nonUtf8IsAProblem() {
        RenderResult result = new Renderer().render(new RenderRequest("s", "p", Map.of(), List.of(
                new ManifestFile("bin.yaml", "b", new byte[] {(byte) 0xff, (byte) 0xfe, 0}))));
        assertThat(result.problems()).extracting(Problem::toString)
                .containsExactly("bin.yaml: not UTF-8 text; manifests must be UTF-8 YAML");
    }

    @Test
    void anEmptyMetadataMappingIsALocatedProblemNotANullPointer() {
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("m.yaml", "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: {}\n"
                        + "spec: {path: a, content: x}\n"))));

        assertThat(result.problems()).extracting(Problem::toString)
                .containsExactly("m.yaml:3:11: the document needs 'metadata.name'");
        assertThat(result.resources()).isEmpty();
    }

    @Test
    void aDocumentNestedAHundredThousandLevelsIsALocatedProblem() {
        // overflowed the stack inside snakeyaml-engine's composer; deliberately in the test's own thread
        String ok = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: one }\n";
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("deep.yaml", "spec: " + "[".repeat(100_000)),
                text("deeper.yaml", "{a: ".repeat(100_000)),
                text("ok.yaml", ok))));

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "deep.yaml:1:206: lists and mappings are nested more than 200 levels deep here; reduce the nesting"
                        + " (a '[' or '{' that is never closed can cause this)",
                "deeper.yaml:1:801: lists and mappings are nested more than 200 levels deep here; reduce the nesting"
                        + " (a '[' or '{' that is never closed can cause this)");
        assertThat(result.resources()).extracting(Resource::name).containsExactly("one");
    }

    @Test
    void aFileOverEachBudgetIsOneProblemNamingItAndTheLimitAndTheOtherFilesStillRender() {
        String ok = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: one }\n";
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\n"
                + "l0: &l0 [lol, lol, lol]\n");
        for (int i = 1; i <= 12; i++) {
            String previous = "*l" + (i - 1);
            bomb.append("l").append(i).append(": &l").append(i).append(" [").append(previous).append(", ")
                    .append(previous).append(", ").append(previous).append("]\n");
        }
        byte[] huge = new byte[(int) ManifestFile.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');

        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("bomb.yaml", bomb.toString()),
                new ManifestFile("huge.yaml", "blob-huge", huge),
                text("many.yaml", ok.replace("one", "many") + "---\n{}\n".repeat(10_000)),
                text("ok.yaml", ok))));

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "bomb.yaml:1:1: aliases repeat nodes in this document until it holds 3587240 values, more than"
                        + " 100000 beyond what it spells out; write the repeated parts out, or repeat less through"
                        + " aliases",
                "huge.yaml: this file is 4194305 bytes, more than the 4194304 (4 MiB) a manifest file may be; split"
                        + " it into several files",
                "many.yaml:20002:1: this file holds more than 10000 documents; a file may hold 10000 at most: split"
                        + " it into several files");
        assertThat(result.resources()).extracting(Resource::name).containsExactly("one");
    }

    @Test
    void aFileTooLargeToRenderIsNotReadFromTheTree() {
        String sha = "b".repeat(40);
        TreeFile huge = new TreeFile("stacks/web/huge.yaml", sha, ManifestFile.MAX_BYTES + 1);
        TreeFile small = new TreeFile("stacks/web/ok.yaml", sha, 3);
        TreeReader tree = new TreeReader() {
            @Override
            public List<TreeFile> files(String dir, java.util.function.Predicate<String> pathFilter) {
                return List.of(huge, small);
            }

            @Override
            public boolean isDirectory(String dir) {
                return true;
            }

            @Override
            public byte[] read(TreeFile file) {
                assertThat(file).as("only files small enough are read").isEqualTo(small);
                return "{}\n".getBytes(StandardCharsets.UTF_8);
            }
        };

        ManifestFile unread = ManifestFile.read(tree, huge);
        assertThat(unread.size()).isEqualTo(ManifestFile.MAX_BYTES + 1);
        assertThat(unread.content()).isEmpty();
        assertThat(ManifestFile.read(tree, small).content()).hasSize(3);

        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(unread)));
        assertThat(result.problems()).extracting(Problem::toString).containsExactly("stacks/web/huge.yaml: this file"
                + " is 4194305 bytes, more than the 4194304 (4 MiB) a manifest file may be; split it into several"
                + " files");
    }

    @Test
    void binaryValuesAreBytesAndOtherTagsAreLocatedProblems() {
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("bin.yaml", "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: { name: b }\n"
                        + "spec:\n  path: b.bin\n  content: !!binary aGVsbG8=\n  mode: !octal 644\n"))));

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "bin.yaml:7:9: the tag !octal is not a plain YAML type; Plumbline reads strings, numbers, booleans,"
                        + " null, lists and mappings only: drop the tag (quote the value to keep it as text)");
        assertThat(result.resources()).isEmpty();
    }

    @Test
    void aBinaryValueRendersAsItsBytes() {
        RenderResult result = new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                text("bin.yaml", "apiVersion: files.plumbline.dev/v1\nkind: File\nmetadata: { name: b }\n"
                        + "spec:\n  path: b.bin\n  content: !!binary /wAB\n"))));

        assertThat(result.problems()).isEmpty();
        assertThat(result.resources()).singleElement().extracting(r -> r.spec().get("content"))
                .isEqualTo(dev.plumbline.yaml.Binary.of(new byte[] {(byte) 0xff, 0, 1}));
    }

    @Test
    void anUnexpectedFailureInOneFileIsAProblemNamingItAndTheOtherFilesStillRender() {
        String doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: %s }\n";
        Renderer renderer = new Renderer((file, request) -> {
            if (file.path().equals("b.yaml")) {
                throw new IllegalStateException("boom\n\tat dev.plumbline.Somewhere(Somewhere.java:1)");
            }
            return new Renderer().render(new RenderRequest(request.stack(), request.vars(), List.of(file),
                    request.router()));
        });

        RenderResult result = renderer.render(new RenderRequest("web", "local", Map.of(), List.of(
                text("a.yaml", doc.formatted("a")), text("b.yaml", doc.formatted("b")),
                text("c.yaml", doc.formatted("c")))));

        assertThat(result.resources()).extracting(Resource::name).containsExactly("a", "c");
        assertThat(result.problems()).extracting(Problem::toString).containsExactly("b.yaml: this file could not be"
                + " rendered: Plumbline failed unexpectedly on it (IllegalStateException: boom); the other files"
                + " were rendered. This is a bug in Plumbline: please report it with the file");
    }

    @Test
    void aStackOverflowInOneFileIsAProblemNamingItAndIsNotCached() {
        int[] calls = {0};
        Renderer renderer = new Renderer((file, request) -> {
            calls[0]++;
            return recurse(file, request);
        });
        RenderRequest request = new RenderRequest("web", "local", Map.of(), List.of(text("loop.yaml", "a: 1\n")));

        RenderResult result = renderer.render(request);
        renderer.render(request);

        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location().toString()).isEqualTo("loop.yaml");
            assertThat(problem.message()).contains("(StackOverflowError)").doesNotContain("\n", "\tat ");
        });
        assertThat(calls[0]).as("a failure is tried again, not cached").isEqualTo(2);
    }

    private static RenderResult recurse(ManifestFile file, RenderRequest request) {
        return recurse(file, request);
    }

    @Test
    void manyFilesRenderInPathOrderWithEveryProblemAsOneByOneWould() {
        List<ManifestFile> files = new java.util.ArrayList<>();
        for (int index = 0; index < 500; index++) {
            String yaml = index % 97 == 0 ? "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m%d }\nspec: [1]\n"
                    : "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m%d }\nspec:\n  at: ${env}\n";
            files.add(text(String.format("d%02d/m%03d.yaml", index % 7, index), yaml.formatted(index)));
        }
        java.util.Collections.reverse(files);

        RenderResult all = new Renderer().render(new RenderRequest("web", "local", VARS, files));

        List<ManifestFile> sorted = files.stream().sorted(java.util.Comparator.comparing(ManifestFile::path)).toList();
        List<Resource> oneByOne = new java.util.ArrayList<>();
        List<Problem> problems = new java.util.ArrayList<>();
        for (ManifestFile file : sorted) {
            RenderResult alone = new Renderer().render(new RenderRequest("web", "local", VARS, List.of(file)));
            oneByOne.addAll(alone.resources());
            problems.addAll(alone.problems());
        }
        assertThat(all.parsed()).isEqualTo(500);
        assertThat(all.resources()).hasSize(494).isEqualTo(oneByOne);
        assertThat(all.problems()).hasSize(6).isEqualTo(problems);
    }

    @Test
    void aFileOfManyThatCannotBeReadFailsTheRenderWithItsOwnException() {
        dev.plumbline.problem.TransientException gone = new dev.plumbline.problem.TransientException(
                "MirrorUnreadable", "the mirror is gone");
        TreeReader tree = new TreeReader() {
            @Override
            public List<TreeFile> files(String dir, java.util.function.Predicate<String> pathFilter) {
                return List.of();
            }

            @Override
            public boolean isDirectory(String dir) {
                return true;
            }

            @Override
            public byte[] read(TreeFile file) {
                if (file.path().startsWith("m04")) {
                    throw gone;
                }
                return "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n".replace("x", file.path()
                        .substring(0, 4)).getBytes(StandardCharsets.UTF_8);
            }
        };
        List<ManifestFile> files = new java.util.ArrayList<>();
        for (int index = 0; index < 100; index++) {
            int size = ("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m000 }\n").length();
            files.add(ManifestFile.read(tree, new TreeFile(String.format("m%03d.yaml", index),
                    "0".repeat(39) + index % 10, size)));
        }

        assertThatThrownBy(() -> new Renderer().render(new RenderRequest("web", "p", Map.of(), files)))
                .isSameAs(gone);
    }
}
