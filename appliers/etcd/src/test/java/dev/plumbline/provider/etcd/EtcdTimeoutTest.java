package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Plan;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.Manifests;
import dev.plumbline.provider.StackDriver;
import dev.plumbline.provider.StackScope;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every call to etcd is bounded by the provider's timeout: an etcd that was stopped fails at once as
 * {@code Unreachable}; one that is there but does not answer (frozen with SIGSTOP, as a member without a
 * leader or stuck on its disk would be) fails observe and apply after the timeout as {@code Timeout}; one
 * killed in the middle of a call fails it as {@code Unreachable}, in plain words; and all is well again once
 * it answers.
 */
class EtcdTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static Resource key(String value) {
        return Manifests.one("kv", """
                apiVersion: etcd.plumbline.dev/v1
                kind: Key
                metadata: { name: a }
                spec: { key: app/a, value: "%s" }
                """.formatted(value));
    }

    private static EtcdProvider provider(String endpoint) {
        return new EtcdProvider("kv", List.of(URI.create(endpoint)), "/config/", TIMEOUT);
    }

    /** What {@code call} threw, and that it threw within {@code within}. */
    private static TransientException failsWithin(Duration within, Runnable call) {
        long started = System.nanoTime();
        TransientException failure = catchThrowableOfType(TransientException.class, call::run);
        assertThat(failure).as("a transient failure").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(within);
        return failure;
    }

    @Test
    void anEtcdThatWasStoppedFailsTheObserveAtOnceAsUnreachable() {
        EtcdServer etcd = new EtcdServer().start();
        String endpoint = etcd.endpoint();
        try (EtcdProvider provider = provider(endpoint)) {
            StackDriver web = new StackDriver(provider, "web");
            web.reconcile("rev1", List.of(key("1")), true);
            etcd.close();

            TransientException failure = failsWithin(TIMEOUT.plusSeconds(1),
                    () -> web.observe(List.of(key("2"))));

            assertThat(failure.reason()).isEqualTo("Unreachable");
            assertThat(failure.getMessage()).isEqualTo("etcd at " + endpoint + " is unreachable while reading the keys"
                    + " of stack 'web' under /config/: connection refused; is it running and reachable from here?");
        } finally {
            etcd.close();
        }
    }

    @Test
    void anEtcdThatDoesNotAnswerFailsObserveAndApplyAfterTheTimeoutAsTimeout() {
        try (EtcdServer etcd = new EtcdServer().start(); EtcdProvider provider = provider(etcd.endpoint())) {
            StackDriver web = new StackDriver(provider, "web");
            web.reconcile("rev1", List.of(key("1")), true);
            Plan plan = web.plan(List.of(key("2")), true);
            etcd.pause();
            try {
                TransientException observe = failsWithin(TIMEOUT.plusSeconds(2),
                        () -> web.observe(List.of(key("2"))));
                TransientException apply = failsWithin(TIMEOUT.plusSeconds(2),
                        () -> provider.applyAll(plan.mutations(), new ApplyContext("web", "rev2", NOW)));

                assertThat(observe.reason()).isEqualTo("Timeout");
                assertThat(observe.getMessage()).isEqualTo("etcd at " + etcd.endpoint() + " did not answer within"
                        + " 2.0 s while reading the keys of stack 'web' under /config/ (the provider's timeout),"
                        + " though it answered before; is it overloaded, without a leader, or cut off?");
                assertThat(apply.reason()).isEqualTo("Timeout");
                assertThat(apply.getMessage()).contains("while writing 2 keys for stack 'web'");
            } finally {
                etcd.resume();
            }

            // the transaction that timed out may still land once etcd resumes, between the next run's observe and
            // its apply: that run then meets a ConcurrentModification, and the agent observes again, as here
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try {
                    web.reconcile("rev2", List.of(key("2")), true);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessageStartingWith("ConcurrentModification: ");
                    throw new AssertionError("observing again after " + e.getMessage(), e);
                }
            });

            assertThat(etcd.get("/config/app/a")).hasValue("2");
        }
    }

    @Test
    void anEtcdThatDiesMidCallIsUnreachableInPlainWords() throws Exception {
        EtcdServer etcd = new EtcdServer().start();
        try (EtcdProvider provider = new EtcdProvider("kv", List.of(URI.create(etcd.endpoint())), "/config/",
                Duration.ofSeconds(30))) {
            StackDriver web = new StackDriver(provider, "web");
            web.reconcile("rev1", List.of(key("1")), true);
            etcd.pause();
            CompletableFuture<Throwable> observing = CompletableFuture.supplyAsync(
                    () -> catchThrowable(() -> web.observe(List.of(key("2")))));
            await().pollDelay(Duration.ofMillis(500)).until(() -> !observing.isDone());
            etcd.kill();

            Throwable failure = observing.get(20, TimeUnit.SECONDS);

            assertThat(failure).isInstanceOf(TransientException.class);
            assertThat(((TransientException) failure).reason()).isEqualTo("Unreachable");
            assertThat(failure.getMessage()).startsWith("etcd at " + etcd.endpoint() + " is unreachable while"
                    + " reading the keys of stack 'web' under /config/: ")
                    .endsWith("; is it running and reachable from here?");
            assertThat(failure.getMessage().replace(etcd.endpoint(), "")).as("no internals")
                    .doesNotContain("io.grpc", "netty", "Exception", "UNAVAILABLE", "127.0.0.1");
            assertThat(failure.getCause()).as("kept for the debug log").isNotNull();
        } finally {
            etcd.close();
        }
    }

    @Test
    void aFreshProviderThatNeverHeardFromAFrozenEtcdCallsItUnreachable() {
        try (EtcdServer etcd = new EtcdServer().start(); EtcdProvider provider = provider(etcd.endpoint())) {
            etcd.pause();
            try {
                TransientException failure = failsWithin(TIMEOUT.plusSeconds(2),
                        () -> provider.observe(new StackScope("web"), List.of(key("1")), List.of()));

                assertThat(failure.reason()).isEqualTo("Unreachable");
                assertThat(failure.getMessage()).endsWith("is it running and reachable from here?");
            } finally {
                etcd.resume();
            }
        }
    }
}
