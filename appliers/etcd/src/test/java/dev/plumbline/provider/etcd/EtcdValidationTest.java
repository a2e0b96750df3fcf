package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Manifests;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link EtcdProvider#validate} refuses and {@link EtcdProvider#normalize} fills in, by manifest line;
 * no etcd is reached (the endpoint is never called).
 */
class EtcdValidationTest {

    private static final String FILE = "stacks/web/kv.yaml";

    private final EtcdProvider provider = new EtcdProvider("kv", List.of(URI.create("http://127.0.0.1:9")),
            "/config/", Duration.ofSeconds(1));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void reportsEveryProblemAtOnceEachAtItsLine() {
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: escapes }
                spec:
                  key: ../etc/passwd
                  value: 42
                ---
                apiVersion: etcd.plumbline.dev/v2
                kind: Lease
                metadata: { name: wrong }
                spec: {}
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata:
                  name: absolute
                  labels: { team: web }
                spec:
                  key: /config/app/url
                  owner: web
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: reserved }
                spec:
                  key: .plumbline/owners/web/app/url
                  value: x
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: settings }
                spec:
                  prefix: app
                  entries: {}
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: app }
                spec:
                  prefix: app/
                  entries:
                    url: https://app.example.com
                    a//b: x
                    port: 8080
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: app-url }
                spec:
                  key: app/url
                  value: https://other.example.com
                """);

        List<String> problems = provider.validate(resources).stream().map(Problem::toString).toList();

        assertThat(problems).containsExactlyInAnyOrder(
                FILE + ":5:8: spec.key of Key escapes: the key '../etc/passwd' contains '..'; keys are not paths,"
                        + " so write the key as it should be stored",
                FILE + ":6:10: spec.value of Key escapes must be text (or bytes, as !!binary), not the number 42;"
                        + " quote it, so that etcd stores exactly what you wrote",
                FILE + ":8:13: Lease wrong has apiVersion 'etcd.plumbline.dev/v2'; the etcd provider serves"
                        + " etcd.plumbline.dev/v1",
                FILE + ":9:7: unknown kind 'Lease' for etcd.plumbline.dev (known kinds: Key, KeySet)",
                FILE + ":20:10: unknown key 'owner' in spec of Key absolute (known keys: key, value)",
                FILE + ":19:8: spec.key of Key absolute: the key '/config/app/url' starts with '/'; write it"
                        + " relative to the provider's prefix, like config/app/url",
                FILE + ":19:3: spec.value of Key absolute is missing; give the text to store (\"\" for an empty"
                        + " value)",
                FILE + ":26:8: spec.key of Key reserved: the key '.plumbline/owners/web/app/url' is under"
                        + " .plumbline/, which Plumbline keeps for provenance; choose another name",
                FILE + ":33:11: spec.prefix of KeySet settings: the prefix 'app' must end with '/', like app/",
                FILE + ":34:12: KeySet settings needs spec.entries, a mapping of at least one key (below the"
                        + " prefix) to its value",
                FILE + ":43:11: spec.entries[\"a//b\"] of KeySet app: the entry 'a//b' has an empty segment"
                        + " ('//'); etcd would keep it as written, so write each segment once",
                FILE + ":44:11: spec.entries[\"port\"] of KeySet app must be text (or bytes, as !!binary), not the"
                        + " number 8080; quote it, so that etcd stores exactly what you wrote",
                FILE + ":50:8: Key app-url writes the key 'app/url', which KeySet app (" + FILE + ":42:10) writes"
                        + " too; a key has one owner, so change or remove one of them");
    }

    @Test
    void aKeyTooLargeToBeWrittenWhateverItsValueIsAProblemAtTheKey() {
        String big = "k".repeat(3000);
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: long }
                spec: { key: "app/%1$s", value: "1" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: long-prefix }
                spec:
                  prefix: "%1$s/"
                  entries: { a: "1", b: "2" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: long-entry }
                spec:
                  prefix: app/
                  entries:
                    short: "1"
                    ? "%1$s"
                    : "2"
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: nul }
                spec: { key: "app/a\\0b", value: "1" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: bell }
                spec: { key: "app/a\\u0007b", value: "1" }
                """.formatted(big));

        try (EtcdProvider small = new EtcdProvider("kv", List.of(URI.create("http://127.0.0.1:9")), "/config/",
                Duration.ofSeconds(1), 16 * 1024)) {
            List<String> problems = small.validate(resources).stream().map(Problem::toString).toList();

            String over = " before any value, more than one etcd request may carry (maxRequestBytes of provider 'kv':"
                    + " 16.0 KiB, the members' --max-request-bytes), so it could never be written; use a shorter key";
            assertThat(problems).containsExactly(
                    FILE + ":4:14: spec.key of Key long: the key 'app/" + big.substring(0, 76) + "...' is 3004 bytes"
                            + " in UTF-8; written with the provider's prefix and its provenance record (whose key holds"
                            + " it again) it takes about 21.4 KiB" + over,
                    FILE + ":10:11: spec.prefix of KeySet long-prefix: the key '" + big.substring(0, 80) + "...'"
                            + " is 3002 bytes in UTF-8; written with the provider's prefix and its provenance record"
                            + " (whose key holds it again) it takes about 24.4 KiB" + over,
                    FILE + ":21:7: spec.entries[\"" + big + "\"] of KeySet long-entry: the key 'app/"
                            + big.substring(0, 76) + "...' is 3004 bytes in UTF-8; written with the provider's prefix"
                            + " and its provenance record (whose key holds it again) it takes about 21.4 KiB" + over,
                    FILE + ":26:14: spec.key of Key nul: the key 'app/a\\0b' holds a NUL character (shown as \\0);"
                            + " remove it",
                    FILE + ":31:14: spec.key of Key bell: the key 'app/a\\u0007b' holds the control character"
                            + " \\u0007; a key is printable text");
        }
    }

    @Test
    void bytesAreAValueButAKeyOrAPrefixIsText() {
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: blob }
                spec: { key: app/blob, value: !!binary /wAB }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: bytes-key }
                spec: { key: !!binary YXBwL2tleQ==, value: "1" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: bytes-prefix }
                spec:
                  prefix: !!binary YXBwLw==
                  entries: { der: !!binary /wAB, name: web }
                """);

        List<String> problems = provider.validate(resources).stream().map(Problem::toString).toList();

        String bytes = ", not binary bytes (!!binary: only the fields the provider's page says take bytes do; write"
                + " text here, without the tag)";
        assertThat(problems).containsExactly(
                FILE + ":9:14: spec.key of Key bytes-key must be text" + bytes,
                FILE + ":15:11: spec.prefix of KeySet bytes-prefix must be text" + bytes);
    }

    @Test
    void bytesTooLargeToBeWrittenAreAProblemAtTheValueWithTheirSize() {
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: blob }
                spec:
                  key: app/blob
                  value: !!binary %s
                """.formatted(dev.plumbline.yaml.Binary.of(new byte[20_000]).base64()));

        try (EtcdProvider small = new EtcdProvider("kv", List.of(URI.create("http://127.0.0.1:9")), "/config/",
                Duration.ofSeconds(1), 16 * 1024)) {
            assertThat(small.validate(resources)).singleElement().extracting(Problem::toString).asString()
                    .startsWith(FILE + ":6:10: spec.value of Key blob is 20000 bytes; with its key and provenance"
                            + " record that is about 20.");
        }
    }

    @Test
    void labelsAndAnnotationsTooLargeForTheRecordThatKeepsThemAreAProblemAtThem() {
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata:
                  name: url
                  labels: { team: web }
                  annotations: { note: "short" }
                spec: { key: app/url, value: "1" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata:
                  name: essay
                  labels: { team: web }
                  annotations: { essay: "%1$s" }
                spec: { key: app/essay, value: "1" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata:
                  name: many
                  annotations: { note: "%2$s" }
                spec:
                  prefix: app/many/
                  entries: { a: "1", b: "2", c: "3", d: "4" }
                """.formatted("x".repeat(20_000), "y".repeat(4_000)));

        try (EtcdProvider small = new EtcdProvider("kv", List.of(URI.create("http://127.0.0.1:9")), "/config/",
                Duration.ofSeconds(1), 16 * 1024)) {
            List<String> problems = small.validate(resources).stream().map(Problem::toString).toList();

            assertThat(problems).containsExactly(
                    FILE + ":14:16: the labels and annotations of Key essay take 19.6 KiB in the provenance record of"
                            + " every key it writes, which keeps them (an etcd key cannot); that is more than one etcd"
                            + " request may carry (maxRequestBytes of provider 'kv': 16.0 KiB, the members'"
                            + " --max-request-bytes), so it could never be written; keep large data out of labels and"
                            + " annotations");
            assertThat(small.validate(resources.subList(2, 3))).as("every record of KeySet many keeps its 4 KiB"
                    + " annotation, 16.8 KiB in all: more than one request, so it is written in several").isEmpty();
        }
        assertThat(provider.validate(resources.subList(0, 1))).isEmpty();
    }

    @Test
    void acceptsSecretReferencesAndTheUsualSpellings() {
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: token }
                spec: { key: app/token, value: placeholder }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: limits }
                spec:
                  prefix: app/limits/
                  entries: { rps: "100", "db/pool": "10", empty: "" }
                """);
        Resource token = withValue(resources.get(0), new SecretTemplate("${secret:env:APP_TOKEN}"));

        assertThat(provider.validate(List.of(token, resources.get(1)))).isEmpty();
    }

    @Test
    void normalisingSortsEntriesAndKeepsSecretsSecret() {
        List<Resource> resources = Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: limits }
                spec:
                  prefix: app/limits/
                  entries: { rps: "100", burst: "20" }
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: token }
                spec: { key: app/token, value: placeholder }
                """);
        Resource set = provider.normalize(resources.get(0));
        Resource token = provider.normalize(withValue(resources.get(1), new Sensitive("s3cr3t")));

        assertThat(set.spec().get("entries")).isInstanceOf(Map.class);
        assertThat(dev.plumbline.model.Values.map(set.spec().get("entries")).keySet()).containsExactly("burst", "rps");
        assertThat(set.location()).isEqualTo(resources.get(0).location());
        assertThat(token.spec().get("value")).isEqualTo(new Sensitive("s3cr3t"));
        assertThat(token.state().toString()).doesNotContain("s3cr3t");
        assertThat(provider.normalize(set)).isEqualTo(set);
    }

    private static Resource withValue(Resource resource, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>(resource.spec());
        spec.put("value", value);
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", spec);
        return resource.withDocument(document);
    }
}
