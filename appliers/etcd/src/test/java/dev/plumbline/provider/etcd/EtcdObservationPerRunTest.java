package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.TransactionalProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An apply checks the revisions its own run observed, not those of whoever observed the stack last: a
 * viewer's plan (which observes too) between a run's observe and its apply neither hides a change made in
 * between nor is disturbed by the run.
 */
class EtcdObservationPerRunTest {

    @RegisterExtension
    static final EtcdServer ETCD = new EtcdServer();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

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

    private static Resource key(String name, String value) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: %s }
                spec: { key: app/%s, value: "%s" }
                """.formatted(name, name, value));
    }

    @Test
    void anApplyComparesTheRevisionsItsRunObservedNotThoseOfAViewersLaterObserve() {
        web.reconcile("rev1", List.of(key("a", "1"), key("b", "1")), true);
        List<Resource> next = List.of(key("a", "2"), key("b", "2"));
        Plan run = web.plan(next, true);
        ETCD.put(prefix + "app/b", "changed by hand");
        Plan viewers = web.plan(next, true);
        Map<String, Long> before = revisions();

        TransientException conflict = catchThrowableOfType(TransientException.class,
                () -> provider.applyAll(run.mutations(), new ApplyContext("web", "rev2", NOW)));

        assertThat(viewers.mutations()).hasSize(2);
        assertThat(conflict).as("the run's apply must not pass on the viewer's newer revisions").isNotNull();
        assertThat(conflict.reason()).isEqualTo(TransactionalProvider.CONFLICT);
        assertThat(conflict.getMessage()).isEqualTo("key " + prefix + "app/b changed since it was read"
                + " (another writer); observing again");
        assertThat(revisions()).as("nothing written").isEqualTo(before);
        assertThat(ETCD.get(prefix + "app/b")).hasValue("changed by hand");

        provider.applyAll(viewers.mutations(), new ApplyContext("web", "rev2", NOW));

        assertThat(ETCD.get(prefix + "app/a")).hasValue("2");
        assertThat(ETCD.get(prefix + "app/b")).hasValue("2");
    }

    @Test
    void aViewersObserveBetweenARunsObserveAndApplyLeavesTheRunsApplyAlone() {
        web.reconcile("rev1", List.of(key("a", "1")), true);
        Plan run = web.plan(List.of(key("a", "2")), true);
        web.plan(List.of(key("a", "2")), true);
        new StackDriver(provider, "api").plan(List.of(key("x", "1")), true);

        provider.applyAll(run.mutations(), new ApplyContext("web", "rev2", NOW));

        assertThat(ETCD.get(prefix + "app/a")).hasValue("2");
        assertThat(web.plan(List.of(key("a", "2")), true).hasChanges()).isFalse();
    }

    @Test
    void aPlanAppliedForAnotherStackThanItWasObservedForIsRefused() {
        Plan forWeb = web.plan(List.of(key("w", "1")), true);

        TransientException refused = catchThrowableOfType(TransientException.class,
                () -> provider.applyAll(forWeb.mutations(), new ApplyContext("api", "rev1", NOW)));

        assertThat(refused.reason()).isEqualTo(TransactionalProvider.CONFLICT);
        assertThat(refused.getMessage()).startsWith("these changes were planned from an observation of stack 'web',"
                + " not of stack 'api'");
        assertThat(ETCD.getPrefix(prefix)).isEmpty();
    }

    @Test
    void anObservationGoesWithItsPlan() {
        for (int i = 0; i < 20; i++) {
            web.plan(List.of(key("a", "1"), key("b", "1")), true);
        }

        Awaitility.await("observations of plans nobody holds to be let go").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    System.gc();
                    return provider.runs().size() < 10;
                });
    }

    /** The mod revision of every key under the prefix. */
    private Map<String, Long> revisions() {
        Map<String, Long> revisions = new LinkedHashMap<>();
        for (String key : ETCD.getPrefix(prefix).keySet()) {
            revisions.put(key, ETCD.modRevision(key));
        }
        return revisions;
    }
}
