package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.diff.FieldChange;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.PlanText;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.yaml.Binary;
import dev.plumbline.yaml.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code !!binary} values on a real etcd: written as their bytes, read back as bytes so that the next plan
 * shows nothing, a byte changed behind the agent's back shows as drift, and bytes that are not UTF-8 under a
 * text value show as bytes rather than as mangled text.
 */
class EtcdBinaryTest {

    /** Not UTF-8: 0xff never occurs in it, and 0xc3 0x28 is a broken two-byte sequence. */
    private static final byte[] BYTES = {(byte) 0xff, 0x00, 0x01, (byte) 0xc3, 0x28, (byte) 0x80};

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private String prefix;
    private EtcdProvider provider;
    private StackDriver web;

    @BeforeEach
    void start() {
        prefix = EtcdFixtures.freshPrefix();
        provider = EtcdFixtures.provider(ETCD, prefix);
        web = new StackDriver(provider, "web");
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private static Resource key(String value) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: blob }
                spec: { key: app/blob, value: %s }
                """.formatted(value));
    }

    private static String binary(byte[] bytes) {
        return "!!binary " + Binary.of(bytes).base64();
    }

    @Test
    void bytesThatAreNotUtf8AreWrittenAsTheyAreAndTheNextPlanShowsNothing() {
        Resource blob = key(binary(BYTES));

        StackDriver.Run run = web.reconcile("rev1", List.of(blob), true);

        assertThat(run.plan().changes()).extracting(Change::action).containsExactly(Action.CREATE);
        assertThat(EtcdFixtures.getBytes(ETCD, prefix + "app/blob")).hasValueSatisfying(bytes ->
                assertThat(bytes).containsExactly(BYTES));
        assertThat(EtcdFixtures.record(ETCD, prefix, "app/blob")).hasValueSatisfying(record ->
                assertThat(record.owner().sha256()).hasValue(Binary.of(BYTES).sha256()));
        LiveObject live = web.observe(List.of(blob)).get(blob.key());
        assertThat(live.state()).isEqualTo(Map.of("spec", Map.of("key", "app/blob", "value", Binary.of(BYTES))));
        assertThat(web.plan(List.of(blob), true).hasChanges()).isFalse();
    }

    @Test
    void aByteChangedInEtcdShowsAsDriftAndTheApplyPutsTheBytesBack() {
        Resource blob = key(binary(BYTES));
        web.reconcile("rev1", List.of(blob), true);
        byte[] tampered = BYTES.clone();
        tampered[1] = 0x02;
        EtcdFixtures.putBytes(ETCD, prefix + "app/blob", tampered);

        Plan plan = web.plan(List.of(blob), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.diff()).containsExactly(FieldChange.changed(FieldPath.of("spec", "value"),
                    Binary.of(tampered), Binary.of(BYTES)));
        });
        assertThat(PlanText.render("web", "rev2", plan)).contains(Binary.of(tampered).toString())
                .contains(Binary.of(BYTES).toString());

        web.reconcile("rev2", List.of(blob), true);

        assertThat(EtcdFixtures.getBytes(ETCD, prefix + "app/blob")).hasValueSatisfying(bytes ->
                assertThat(bytes).containsExactly(BYTES));
        assertThat(web.plan(List.of(blob), true).hasChanges()).isFalse();
    }

    @Test
    void bytesThatAreUtf8StayBytesWhileTheManifestSaysBytes() {
        byte[] hello = "héllo".getBytes(StandardCharsets.UTF_8);
        Resource blob = key(binary(hello));
        web.reconcile("rev1", List.of(blob), true);

        assertThat(ETCD.get(prefix + "app/blob")).hasValue("héllo");
        assertThat(web.observe(List.of(blob)).get(blob.key()).state())
                .isEqualTo(Map.of("spec", Map.of("key", "app/blob", "value", Binary.of(hello))));
        assertThat(web.plan(List.of(blob), true).hasChanges()).isFalse();

        Resource text = key("héllo");
        assertThat(web.plan(List.of(text), true).hasChanges()).isFalse(); // the same bytes, as text
    }

    @Test
    void aTextValueWhoseLiveBytesAreNotUtf8ShowsThemAsBytes() {
        Resource url = key("https://a");
        web.reconcile("rev1", List.of(url), true);
        EtcdFixtures.putBytes(ETCD, prefix + "app/blob", BYTES);

        Plan plan = web.plan(List.of(url), true);

        assertThat(plan.changes()).singleElement().satisfies(change -> assertThat(change.diff()).containsExactly(
                FieldChange.changed(FieldPath.of("spec", "value"), Binary.of(BYTES), "https://a")));

        web.reconcile("rev2", List.of(url), true);

        assertThat(ETCD.get(prefix + "app/blob")).hasValue("https://a");
        assertThat(web.plan(List.of(url), true).hasChanges()).isFalse();
    }

    @Test
    void aKeySetTakesBytesAndTextSideBySide() {
        Resource set = Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: KeySet
                metadata: { name: certs }
                spec:
                  prefix: app/certs/
                  entries:
                    der: %s
                    name: web
                """.formatted(binary(BYTES)));
        web.reconcile("rev1", List.of(set), true);

        assertThat(EtcdFixtures.getBytes(ETCD, prefix + "app/certs/der")).hasValueSatisfying(bytes ->
                assertThat(bytes).containsExactly(BYTES));
        assertThat(ETCD.get(prefix + "app/certs/name")).hasValue("web");
        assertThat(web.plan(List.of(set), true).hasChanges()).isFalse();

        byte[] tampered = BYTES.clone();
        tampered[0] = (byte) 0xfe;
        EtcdFixtures.putBytes(ETCD, prefix + "app/certs/der", tampered);

        assertThat(web.plan(List.of(set), true).changes()).singleElement().satisfies(change -> assertThat(
                change.diff()).containsExactly(FieldChange.changed(FieldPath.of("spec", "entries", "der"),
                Binary.of(tampered), Binary.of(BYTES))));
    }

    @Test
    void anExistingKeyWithTheSameBytesIsAdoptedWithoutBeingRewritten() {
        EtcdFixtures.putBytes(ETCD, prefix + "app/blob", BYTES);
        long revision = ETCD.modRevision(prefix + "app/blob");
        Resource blob = key(binary(BYTES));

        StackDriver.Run run = web.reconcile("rev1", List.of(blob), true);

        assertThat(run.result(blob.key()).message()).contains("1 key already held the desired value")
                .contains("adopted");
        assertThat(ETCD.modRevision(prefix + "app/blob")).isEqualTo(revision);
        assertThat(web.plan(List.of(blob), true).hasChanges()).isFalse();
    }
}
