package dev.plumbline.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Directives;
import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Manifests of every wrong shape: each yields located problems and no resource, never an exception. */
class ManifestShapesTest {

    private static final String HEAD = "apiVersion: files.plumbline.dev/v1\nkind: File\n";

    private static RenderResult render(String yaml) {
        return new Renderer().render(new RenderRequest("web", "local", Map.of(), List.of(
                new ManifestFile("m.yaml", Integer.toHexString(yaml.hashCode()), yaml.getBytes(StandardCharsets.UTF_8)))));
    }

    static Stream<Arguments> badShapes() {
        return Stream.of(
                Arguments.of(HEAD + "metadata: {}\nspec: {path: a, content: x}\n",
                        "m.yaml:3:11: the document needs 'metadata.name'"),
                Arguments.of(HEAD + "metadata: []\n",
                        "m.yaml:3:11: the document needs a metadata mapping with a name, not a list"),
                Arguments.of(HEAD + "metadata: null\n", "m.yaml:3:11: the document needs a metadata mapping with a name"),
                Arguments.of(HEAD + "metadata: \"x\"\n",
                        "m.yaml:3:11: the document needs a metadata mapping with a name, not 'x'"),
                Arguments.of(HEAD, "m.yaml:1:1: the document needs a metadata mapping with a name"),
                Arguments.of("apiVersion: v1\nkind: {}\nmetadata: {name: a}\n",
                        "m.yaml:2:7: 'kind' must be a non-empty string, not a mapping"),
                Arguments.of("apiVersion: 5\nkind: File\nmetadata: {name: a}\n",
                        "m.yaml:1:13: 'apiVersion' must be a non-empty string, not the number 5"),
                Arguments.of(HEAD + "metadata: {name: {}}\n",
                        "m.yaml:3:18: 'metadata.name' must be a non-empty string, not a mapping"),
                Arguments.of(HEAD + "metadata: {name: true}\n",
                        "m.yaml:3:18: 'metadata.name' must be a non-empty string, not the boolean true"),
                Arguments.of(HEAD + "metadata: {name: a, namespace: [x]}\n",
                        "m.yaml:3:32: 'metadata.namespace' must be a non-empty string, not a list"),
                Arguments.of(HEAD + "metadata: {name: a, labels: [x]}\n",
                        "m.yaml:3:29: 'metadata.labels' must be a mapping of names to strings, not a list"),
                Arguments.of(HEAD + "metadata: {name: a, labels: x}\n",
                        "m.yaml:3:29: 'metadata.labels' must be a mapping of names to strings, not 'x'"),
                Arguments.of(HEAD + "metadata: {name: a, annotations: {b: [1]}}\n",
                        "m.yaml:3:38: 'metadata.annotations.b' must be a string, not a list"),
                Arguments.of(HEAD + "metadata: {name: a, annotations: {plumbline.dev/provider: 5}}\n",
                        "m.yaml:3:59: 'metadata.annotations[\"plumbline.dev/provider\"]' must be a string; quote it"),
                Arguments.of(HEAD + "metadata: {name: a, annotations: {plumbline.dev/provider: ''}}\n",
                        "m.yaml:3:59: the annotation plumbline.dev/provider must name a provider of the agent config;"
                                + " leave it out to use the stack's provider"),
                Arguments.of(HEAD + "metadata: {name: a, annotations: {plumbline.dev/prune: 'false'}}\n",
                        "m.yaml:3:56: the annotation plumbline.dev/prune takes one value, 'disabled' (never prune this"
                                + " object), not 'false'; leave it out to follow the stack's sync.prune"),
                Arguments.of(HEAD + "metadata: {name: a, annotations: {plumbline.dev/prunne: disabled}}\n",
                        "m.yaml:3:57: 'plumbline.dev/prunne' is not an annotation Plumbline knows; the ones under"
                                + " plumbline.dev/ are plumbline.dev/provider, plumbline.dev/prune, plumbline.dev/wave"),
                Arguments.of(HEAD + "metadata: {name: a, annotations: {plumbline.dev/wave: first}}\n",
                        "m.yaml:3:55: the annotation plumbline.dev/wave is a whole number, like \"-1\" or \"2\""
                                + " (lower waves are applied first), not 'first'"),
                Arguments.of(HEAD + "metadata: {name: a}\nspec: [path, content]\n",
                        "m.yaml:4:7: 'spec' must be a mapping of the resource's fields, not a list"),
                Arguments.of(HEAD + "metadata: {name: a}\nspec: text\n",
                        "m.yaml:4:7: 'spec' must be a mapping of the resource's fields, not 'text'"),
                Arguments.of("just a scalar\n",
                        "m.yaml:1:1: a manifest document must be a mapping with apiVersion, kind and metadata"),
                Arguments.of("- a\n- list\n",
                        "m.yaml:1:1: a manifest document must be a mapping with apiVersion, kind and metadata"),
                Arguments.of("null\n",
                        "m.yaml:1:1: a manifest document must be a mapping with apiVersion, kind and metadata"),
                Arguments.of("? [a]\n: b\n",
                        "m.yaml:1:3: a key must be a plain value, not a list or mapping; write it as a word or a"
                                + " quoted string"));
    }

    @ParameterizedTest
    @MethodSource("badShapes")
    void eachBadShapeIsOneLocatedProblem(String yaml, String problem) {
        RenderResult result = render(yaml);

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(problem);
        assertThat(result.resources()).isEmpty();
    }

    @Test
    void everyProblemOfADocumentIsReportedAtOnce() {
        RenderResult result = render("apiVersion: 5\nkind: [File]\nmetadata: {name: {}, labels: {a: 1, b: [2]}}\n"
                + "spec: 7\n");

        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "m.yaml:1:13: 'apiVersion' must be a non-empty string, not the number 5",
                "m.yaml:2:7: 'kind' must be a non-empty string, not a list",
                "m.yaml:3:18: 'metadata.name' must be a non-empty string, not a mapping",
                "m.yaml:3:34: 'metadata.labels.a' must be a string; quote it",
                "m.yaml:3:40: 'metadata.labels.b' must be a string, not a list",
                "m.yaml:4:7: 'spec' must be a mapping of the resource's fields, not the number 7");
    }

    @Test
    void emptyDocumentsLeftOutSpecAndNullNamespaceAreFine() {
        RenderResult result = render("---\n---\n" + HEAD + "metadata: {name: a, namespace: null}\n---\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.resources()).extracting(Resource::name).containsExactly("a");
        assertThat(render("").ok()).isTrue();
    }

    @Test
    void controlCharactersAndHalfPairsInNamesAndLabelsAreLocatedProblems() {
        RenderResult result = render(HEAD + "metadata:\n  name: \"ops\\nresumed\"\n  labels: {tier: \"w\\teb\"}\n"
                + "---\n" + HEAD + "metadata: {name: \"half\\ud800\", annotations: {\"a\\u0085b\": x}}\n");

        assertThat(result.resources()).isEmpty();
        assertThat(result.problems()).extracting(Problem::toString).containsExactly(
                "m.yaml:4:9: 'metadata.name' holds the control character \\u000A ('ops\\u000Aresumed'); names and"
                        + " labels are printable text",
                "m.yaml:5:18: 'metadata.labels.tier' holds the control character \\u0009; label and annotation names,"
                        + " and label values, are printable text",
                "m.yaml:9:18: 'metadata.name' holds the control character \\uD800 ('half\\uD800'); names and labels"
                        + " are printable text",
                "m.yaml:9:58: 'metadata.annotations[\"a\\u0085b\"]' holds the control character \\u0085; label and"
                        + " annotation names, and label values, are printable text");
    }

    @Test
    void directivesAreTakenOutOfTheDocumentSoNoProviderSeesThem() {
        RenderResult result = render(HEAD + "metadata:\n  name: a\n  annotations:\n    plumbline.dev/prune: disabled\n"
                + "    plumbline.dev/provider: other\n    team: web\n---\n" + HEAD + "metadata:\n  name: b\n"
                + "  annotations: {plumbline.dev/prune: disabled}\n---\n" + HEAD + "metadata: {name: c}\n");

        assertThat(result.problems()).isEmpty();
        Resource a = result.resources().get(0);
        assertThat(a.key().provider()).isEqualTo("other");
        assertThat(a.directives()).isEqualTo(new Directives(true));
        assertThat(a.annotations()).isEqualTo(Map.of("team", "web"));
        Resource b = result.resources().get(1);
        assertThat(b.directives().pruneDisabled()).isTrue();
        assertThat(b.document().get("metadata")).isEqualTo(Map.of("name", "b"));
        Resource c = result.resources().get(2);
        assertThat(c.directives()).isEqualTo(Directives.NONE);
        Resource waved = render(HEAD + "metadata: {name: w, annotations: {plumbline.dev/wave: \"-2\"}}\n")
                .resources().get(0);
        assertThat(waved.directives()).isEqualTo(new Directives(false, -2));
        assertThat(waved.hash()).as("a wave is not part of the compared state either")
                .isEqualTo(render(HEAD + "metadata: {name: w}\n").resources().get(0).hash());
        // a directive is not part of the compared state: turning it on rewrites nothing
        assertThat(b.hash()).isEqualTo(render(HEAD + "metadata: {name: b}\n").resources().get(0).hash());
    }
}
