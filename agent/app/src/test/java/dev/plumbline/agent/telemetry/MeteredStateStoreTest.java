package dev.plumbline.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.agent.state.SqliteStateStore;
import dev.plumbline.engine.state.Lease;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.engine.state.StackStatus;
import dev.plumbline.engine.state.StackControls;
import dev.plumbline.engine.state.StateStore;
import dev.plumbline.problem.TransientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredStateStoreTest {

    private final AgentMetrics metrics = AgentMetrics.on(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private final List<String> calls = new ArrayList<>();

    /**
     * A store whose {@code status} fails as a broken disk would, whose {@code finishRun} rejects the caller's
     * run id, and whose other calls answer empty. Built as a proxy so that it keeps up with the interface.
     */
    private StateStore flakyStore() {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return switch (method.getName()) {
                        case "status" -> throw new TransientException("StateStoreError",
                                "Could not read the status: the disk reported an error");
                        case "finishRun" -> throw new IllegalArgumentException("no run 42");
                        case "inventory" -> Map.of();
                        case "renew" -> true;
                        case "controls" -> brokenControls();
                        case "toString" -> "flaky store";
                        default -> null;
                    };
                });
    }

    /** Stack controls whose every call fails as the store's would. */
    private StackControls brokenControls() {
        return (StackControls) Proxy.newProxyInstance(StackControls.class.getClassLoader(),
                new Class<?>[] {StackControls.class}, (proxy, method, args) -> {
                    calls.add("controls." + method.getName());
                    throw new TransientException("StateStoreError", "Could not write the controls: disk full");
                });
    }

    private PrometheusText scrape() {
        return new PrometheusText(metrics.scrape());
    }

    @Test
    void passesCallsThroughAndCountsTheStoresFailuresByOperation() {
        StateStore store = MeteredStateStore.wrap(flakyStore(), metrics);

        assertThat(store.inventory("web")).isEmpty();
        assertThat(store.renew(new Lease("web", 1, LeaseHolder.thisProcess("agent")), Duration.ofMinutes(5))).isTrue();
        assertThatThrownBy(() -> store.status("web")).isInstanceOf(TransientException.class)
                .hasMessageContaining("disk reported an error");
        assertThatThrownBy(() -> store.status("db")).isInstanceOf(TransientException.class);

        assertThat(calls).containsExactly("inventory", "renew", "status", "status");
        assertThat(scrape().value("plumbline_state_store_errors_total", "operation=status")).hasValue(2.0);
        assertThat(scrape().value("plumbline_state_store_errors_total", "operation=inventory")).isEmpty();
    }

    @Test
    void countsTheFailuresOfTheStoresPartsUnderTheirNames() {
        StateStore store = MeteredStateStore.wrap(flakyStore(), metrics);

        assertThatThrownBy(() -> store.controls().setPaused("web", true)).isInstanceOf(TransientException.class)
                .hasMessageContaining("disk full");

        assertThat(calls).containsExactly("controls", "controls.setPaused");
        assertThat(scrape().value("plumbline_state_store_errors_total", "operation=controls.setPaused"))
                .hasValue(1.0);
        assertThat(scrape().value("plumbline_state_store_errors_total", "operation=controls")).isEmpty();
    }

    @Test
    void theCallersMistakesAreNotTheStoresErrors() {
        StateStore store = MeteredStateStore.wrap(flakyStore(), metrics);

        assertThatThrownBy(() -> store.finishRun(42, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no run 42");

        assertThat(scrape().has("plumbline_state_store_errors_total")).isFalse();
    }

    @Test
    void wrapsTheRealStoreWithoutChangingWhatItAnswers(@TempDir Path stateDir) {
        try (StateStore store = MeteredStateStore.wrap(SqliteStateStore.open(stateDir), metrics)) {
            assertThat(store.status("web")).isEmpty();
            assertThat(store.acquire("web", LeaseHolder.thisProcess("agent"), Duration.ofMinutes(5))).isPresent();
            store.controls().setPaused("web", true);
            assertThat(store.controls().get("web").paused()).isTrue();
        }
        assertThat(scrape().has("plumbline_state_store_errors_total")).isFalse();
    }

    @Test
    void behavesAsAnObjectOfItsOwn() {
        StateStore store = MeteredStateStore.wrap(flakyStore(), metrics);

        assertThat(store).isEqualTo(store).hasSameHashCodeAs(store);
        assertThat(store.toString()).isEqualTo("metered flaky store");
    }

    @Test
    void aFencedViewCountsUnderTheStoresOperationsAndALostLeaseIsNoError(@TempDir Path stateDir) {
        StateStore store = MeteredStateStore.wrap(SqliteStateStore.open(stateDir), metrics);
        Lease lease = store.acquire("web", LeaseHolder.thisProcess("agent"), Duration.ofMinutes(5)).orElseThrow();
        StateStore fenced = store.fenced(lease);
        StackStatus status = new StackStatus("web", null, null, null, null, "Waiting", "", "", 0, Instant.EPOCH);
        fenced.saveStatus(status);
        store.breakLease("web");

        assertThatThrownBy(() -> fenced.saveStatus(status)).isInstanceOf(LeaseLostException.class);
        assertThat(scrape().has("plumbline_state_store_errors_total")).as("a lost lease is no store error").isFalse();

        store.close();
        assertThatThrownBy(() -> fenced.saveStatus(status)).isInstanceOf(IllegalStateException.class);
        assertThat(scrape().value("plumbline_state_store_errors_total", "operation=saveStatus")).hasValue(1.0);
    }

    @Test
    void aFailedWriteIsTheStoresHealthUntilAWriteSucceedsAndReadsDoNotCount() {
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean(true);
        StateStore disk = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "saveStatus" -> {
                        if (full.get()) {
                            throw new TransientException("StateStoreError", "Could not save the status of stack"
                                    + " web: no space left on device");
                        }
                        yield null;
                    }
                    case "status" -> throw new TransientException("StateStoreError", "Could not read the status");
                    default -> null;
                });
        StoreHealth health = new StoreHealth(java.time.Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"),
                java.time.ZoneOffset.UTC));
        StateStore store = MeteredStateStore.wrap(disk, metrics, health);
        StackStatus status = new StackStatus("web", null, null, null, null, "Ready", "", "", 0, Instant.EPOCH);

        assertThatThrownBy(() -> store.saveStatus(status)).isInstanceOf(TransientException.class);
        assertThat(health.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.operation()).isEqualTo("saveStatus");
            assertThat(failure.message()).contains("no space left on device");
            assertThat(failure.at()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
        });

        full.set(false);
        assertThatThrownBy(() -> store.status("web")).isInstanceOf(TransientException.class);
        assertThat(health.failure()).as("a failed read says nothing of writes").isPresent();
        store.saveStatus(status);
        assertThat(health.failure()).as("a write went through").isEmpty();
    }
}
