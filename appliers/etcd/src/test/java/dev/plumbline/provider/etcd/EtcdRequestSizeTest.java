package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Sensitive;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values larger than one etcd request may carry are refused for good, not retried: at validation, at the
 * value's line; and at apply time, before sending, for what validation cannot see (a secret's value), or when
 * etcd itself refuses the request as too large ({@code TransactionTooLarge}, a {@link StalledException}). A
 * stack's keys that only together are more than one request are no problem: they are written in several.
 */
class EtcdRequestSizeTest {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    /** An etcd that takes requests of at most 16 KiB. */
    @RegisterExtension
    static final EtcdServer SMALL = EtcdServer.withFlags("--max-request-bytes", "16384");

    private static final String FILE = "stacks/web/kv.yaml";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String KIB_20 = "x".repeat(20 * 1024);

    private static EtcdProvider provider(EtcdServer etcd, String prefix, long maxRequestBytes) {
        return new EtcdProvider("kv", List.of(URI.create(etcd.endpoint())), prefix, Duration.ofSeconds(10),
                maxRequestBytes);
    }

    private static List<Resource> manifests() {
        return Manifests.parse("kv", FILE, """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: blob }
                spec:
                  key: app/blob
                  value: placeholder
                ---
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: parts }
                spec:
                  prefix: app/parts/
                  entries: { a: "6 KiB", b: "6 KiB", c: "6 KiB" }
                """);
    }

    private static Resource blob(Object value) {
        return withSpec(manifests().get(0), "value", value);
    }

    /** The KeySet {@code parts} with each of its three entries {@code bytes} long. */
    private static Resource parts(int bytes) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (String entry : List.of("a", "b", "c")) {
            entries.put(entry, "p".repeat(bytes));
        }
        return withSpec(manifests().get(1), "entries", entries);
    }

    private static Resource withSpec(Resource resource, String field, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>(resource.spec());
        spec.put(field, value);
        Map<String, Object> document = new LinkedHashMap<>(resource.document());
        document.put("spec", spec);
        return resource.withDocument(document);
    }

    @Test
    void aValueLargerThanOneRequestIsAProblemAtItsLineNamingItsSize() {
        try (EtcdProvider provider = provider(ETCD, "/config/", 16 * 1024);
             EtcdProvider defaults = EtcdFixtures.provider(ETCD, "/config/")) {
            List<String> problems = provider.validate(List.of(blob(KIB_20), parts(100))).stream()
                    .map(Problem::toString).toList();
            List<Problem> twoMib = defaults.validate(List.of(blob("y".repeat(2 * 1024 * 1024))));

            assertThat(problems).containsExactly(FILE + ":6:10: spec.value of Key blob is 20480 bytes; with its key"
                    + " and provenance record that is about 21.0 KiB, more than one etcd request may carry"
                    + " (maxRequestBytes of provider 'kv': 16.0 KiB, the members' --max-request-bytes), so it could"
                    + " never be written; keep large data out of etcd, or raise --max-request-bytes on the members"
                    + " and maxRequestBytes with it");
            assertThat(twoMib).singleElement().satisfies(problem -> {
                assertThat(problem.location().line()).isEqualTo(6);
                assertThat(problem.message()).startsWith("spec.value of Key blob is 2097152 bytes;")
                        .contains("(maxRequestBytes of provider 'kv': 1.5 MiB, the members' --max-request-bytes)");
            });
            assertThat(defaults.validate(List.of(blob(KIB_20), parts(6 * 1024)))).isEmpty();
        }
    }

    @Test
    void aStacksKeysThatTogetherAreMoreThanOneRequestAreWrittenInSeveralTransactionsThatFit() {
        String prefix = EtcdFixtures.freshPrefix();
        try (EtcdProvider provider = provider(SMALL, prefix, 16 * 1024)) {
            StackDriver web = new StackDriver(provider, "web");
            List<Resource> desired = List.of(blob("small"), parts(7 * 1024));
            assertThat(provider.validate(desired)).isEmpty();

            web.reconcile("rev1", desired, true);

            assertThat(SMALL.getPrefix(prefix + "app/")).containsOnlyKeys(prefix + "app/blob", prefix + "app/parts/a",
                    prefix + "app/parts/b", prefix + "app/parts/c");
            assertThat(List.of("app/blob", "app/parts/a", "app/parts/b", "app/parts/c"))
                    .allSatisfy(key -> assertThat(EtcdFixtures.record(SMALL, prefix, key)).isPresent());
            assertThat(List.of("a", "b", "c")).extracting(entry -> SMALL.modRevision(prefix + "app/parts/" + entry))
                    .as("21 KiB of entries do not fit in one 16 KiB request: one transaction per entry")
                    .doesNotHaveDuplicates();
            assertThat(SMALL.modRevision(prefix + "app/blob")).as("the first entry fills the blob's transaction")
                    .isEqualTo(SMALL.modRevision(prefix + "app/parts/a"));
            assertThat(SMALL.modRevision(prefix + ".plumbline/owners/web/app/parts/b"))
                    .as("each entry with its record").isEqualTo(SMALL.modRevision(prefix + "app/parts/b"));
            assertThat(web.plan(desired, true).hasChanges()).isFalse();
        }
    }

    @Test
    void aSecretTooLargeForTheTransactionIsStalledBeforeAnythingIsSent() {
        String prefix = EtcdFixtures.freshPrefix();
        try (EtcdProvider provider = provider(ETCD, prefix, 16 * 1024)) {
            StackDriver web = new StackDriver(provider, "web");
            List<Resource> desired = List.of(blob(new Sensitive(KIB_20)));
            assertThat(provider.validate(desired)).as("a secret's size is not known before apply").isEmpty();
            Plan plan = web.plan(desired, true);

            StalledException tooLarge = catchThrowableOfType(StalledException.class,
                    () -> provider.applyAll(plan.mutations(), new ApplyContext("web", "rev1", NOW)));

            assertThat(tooLarge.reason()).isEqualTo("TransactionTooLarge");
            assertThat(tooLarge.getMessage()).startsWith("writing 2 keys for stack 'web' takes an etcd transaction"
                    + " of about 20.").contains("(maxRequestBytes of provider 'kv': 16.0 KiB, the members'"
                    + " --max-request-bytes); its largest write is " + prefix + "app/blob (20.0 KiB); nothing was"
                    + " written").doesNotContain(KIB_20);
            assertThat(ETCD.getPrefix(prefix)).as("etcd, which takes 1.5 MiB, was not asked").isEmpty();
        }
    }

    @Test
    void aRequestEtcdRefusesAsTooLargeIsStalledNotRetried() {
        String prefix = EtcdFixtures.freshPrefix();
        try (EtcdProvider provider = provider(SMALL, prefix, RequestLimit.DEFAULT)) {
            StackDriver web = new StackDriver(provider, "web");
            List<Resource> desired = List.of(blob(KIB_20));
            assertThat(provider.validate(desired)).as("the provider thinks etcd takes 1.5 MiB").isEmpty();
            Plan plan = web.plan(desired, true);

            StalledException refused = catchThrowableOfType(StalledException.class,
                    () -> provider.applyAll(plan.mutations(), new ApplyContext("web", "rev1", NOW)));

            assertThat(refused.reason()).isEqualTo("TransactionTooLarge");
            assertThat(refused.getMessage()).isEqualTo("etcd at " + SMALL.endpoint() + " refused the request while"
                    + " writing 2 keys for stack 'web' as too large: it is more than the server's --max-request-bytes"
                    + " (1.5 MiB unless set) allows, so it wrote nothing; set the provider's maxRequestBytes to the"
                    + " members' --max-request-bytes (it cuts its transactions to fit), or keep large values out of"
                    + " etcd");
            assertThat(SMALL.getPrefix(prefix)).isEmpty();
        }
    }
}
