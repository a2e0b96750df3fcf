package dev.plumbline.provider.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Manifests;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed reads of a spec: each a value, absent, or a problem at its {@code file:line:column}. */
class SpecReaderTest {

    private static final Resource THING = Manifests.one("p", """
            apiVersion: test.plumbline.dev/v1
            kind: Thing
            metadata: { name: one }
            spec:
              login: maybe
              flag: true
              limit: -5
              count: 7
              timeout: soon
              wait: 1m30s
              colour: mauve
              size: large
              names: [a, 3, c]
              tags: [x, y]
              on: { database: app }
              entries: { rps: "100", port: 8080 }
              extra: 1
            """);

    private final SpecReader spec = SpecReader.of(THING);

    @Test
    void readsValuesOfTheRightType() {
        assertThat(spec.bool("flag").optional()).hasValue(true);
        assertThat(spec.integer("count", 0).optional()).hasValue(7L);
        assertThat(spec.duration("wait").optional()).hasValue(Duration.ofSeconds(90));
        assertThat(spec.word("size", sizes()).optional()).hasValue(Size.LARGE);
        assertThat(spec.strings("tags").optional()).hasValue(List.of("x", "y"));
        assertThat(spec.mapping("on").optional()).hasValue(Map.of("database", "app"));
        assertThat(spec.string("colour").optional()).hasValue("mauve");
        assertThat(spec.problems()).isEmpty();
    }

    @Test
    void aWrongValueIsAProblemAtItsPositionNamingTheFieldAndTheResource() {
        assertThat(problem(spec.bool("login"))).isEqualTo(
                "test.yaml:5:10: spec.login of Thing one must be true or false, not the text 'maybe'");
        assertThat(problem(spec.integer("limit", -1))).isEqualTo(
                "test.yaml:7:10: spec.limit of Thing one must be a whole number from -1 up, not the number -5");
        assertThat(problem(spec.duration("timeout"))).isEqualTo("test.yaml:9:12: spec.timeout of Thing one: 'soon'"
                + " is not a duration; write a number with a unit, like 30s, 5m, 1h30m or 500ms");
        assertThat(problem(spec.duration("count"))).isEqualTo("test.yaml:8:10: spec.count of Thing one must be a"
                + " duration like 30s, 5m or 1h30m, not the number 7");
        assertThat(problem(spec.word("colour", sizes()))).isEqualTo(
                "test.yaml:11:11: spec.colour of Thing one must be one of small, large, not the text 'mauve'");
        assertThat(problem(spec.strings("names"))).isEqualTo(
                "test.yaml:13:14: spec.names[1] of Thing one must be text, not the number 3");
        assertThat(problem(spec.mapping("names"))).isEqualTo(
                "test.yaml:13:10: spec.names of Thing one must be a mapping, not a list");
        assertThat(problem(spec.string("on"))).isEqualTo(
                "test.yaml:15:7: spec.on of Thing one must be text, not a mapping");
    }

    @Test
    void anAbsentFieldIsNeitherAValueNorAProblemUnlessItIsRequired() {
        Field<Boolean> absent = spec.bool("missing");

        assertThat(absent.isAbsent()).isTrue();
        assertThat(absent.orElse(true)).isTrue();
        assertThat(absent.problem()).isEmpty();
        assertThat(problem(spec.requiredString("missing", "what it is for"))).isEqualTo(
                "test.yaml:5:3: Thing one needs spec.missing (what it is for)");
    }

    @Test
    void getKeepsTheValueOrAFallbackAndNotesEveryProblem() {
        boolean login = spec.get(spec.bool("login"), false);
        long count = spec.get(spec.integer("count", 0), 0L);
        spec.knownKeys(List.of("login", "flag", "limit", "count", "timeout", "wait", "colour", "size", "names",
                "tags", "on", "entries"));

        assertThat(login).isFalse();
        assertThat(count).isEqualTo(7);
        assertThat(spec.problems()).extracting(Problem::toString).containsExactly(
                "test.yaml:5:10: spec.login of Thing one must be true or false, not the text 'maybe'",
                "test.yaml:17:10: unknown key 'extra' in spec of Thing one (known keys: login, flag, limit, count,"
                        + " timeout, wait, colour, size, names, tags, on, entries)");
    }

    @Test
    void itemsAndEntriesAreFieldsOfTheirOwnAtTheirPositions() {
        List<Field<Object>> names = spec.items("names", "a list of names").optional().orElseThrow();
        Map<String, Field<Object>> entries = spec.entries("entries").optional().orElseThrow();

        assertThat(names).extracting(Field::name).containsExactly("spec.names[0] of Thing one",
                "spec.names[1] of Thing one", "spec.names[2] of Thing one");
        assertThat(names.get(2).location().toString()).isEqualTo("test.yaml:13:17");
        assertThat(entries.keySet()).containsExactly("rps", "port");
        assertThat(problem(entries.get("port").expect(String.class::isInstance, "text", "quote it")))
                .isEqualTo("test.yaml:16:32: spec.entries[\"port\"] of Thing one must be text, not the number 8080;"
                        + " quote it");
    }

    @Test
    void checksAndParsersChainedOnAFieldReportAtItsPosition() {
        Field<String> colour = spec.string("colour");

        assertThat(problem(colour.check(text -> text.equals("mauve") ? java.util.Optional.of("'mauve' is not"
                + " allowed here") : java.util.Optional.empty())))
                .isEqualTo("test.yaml:11:11: spec.colour of Thing one: 'mauve' is not allowed here");
        assertThat(problem(colour.parse(text -> {
            throw new IllegalArgumentException("cannot read '" + text + "'");
        }))).isEqualTo("test.yaml:11:11: spec.colour of Thing one: cannot read 'mauve'");
        assertThat(colour.map(String::length).optional()).hasValue(5);
    }

    @Test
    void describesValuesAsASentenceNamesThem() {
        assertThat(SpecReader.describe(Map.of())).isEqualTo("a mapping");
        assertThat(SpecReader.describe(List.of())).isEqualTo("a list");
        assertThat(SpecReader.describe("x")).isEqualTo("the text 'x'");
        assertThat(SpecReader.describe(4L)).isEqualTo("the number 4");
        assertThat(SpecReader.describe(false)).isEqualTo("the boolean false");
    }

    private enum Size { SMALL, LARGE }

    private static Map<String, Size> sizes() {
        Map<String, Size> sizes = new LinkedHashMap<>();
        sizes.put("small", Size.SMALL);
        sizes.put("large", Size.LARGE);
        return sizes;
    }

    private static String problem(Field<?> field) {
        return field.problem().map(Problem::toString).orElse("(no problem)");
    }
}
