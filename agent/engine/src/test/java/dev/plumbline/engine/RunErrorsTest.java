package dev.plumbline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.engine.ReconcileOutcome.Result;
import dev.plumbline.engine.state.LeaseHolder;
import dev.plumbline.problem.Reasons;
import dev.plumbline.provider.Provider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@link Error} inside a run (out of memory, a stack overflow, a class that cannot be loaded) ends that run
 * like any failure: recorded as failed with a reason, in the status, the history and the report, and retried;
 * it does not escape to the worker that ran it, and the next run works.
 */
class RunErrorsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("OutOfMemoryError", (Supplier<Error>) () -> new OutOfMemoryError("Java heap space")),
                Arguments.of("StackOverflowError", (Supplier<Error>) StackOverflowError::new),
                Arguments.of("NoClassDefFoundError",
                        (Supplier<Error>) () -> new NoClassDefFoundError("dev/plumbline/Gone")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void anErrorThrownByTheProviderEndsTheRunFailedWithAReasonAndTheNextRunWorks(String name, Supplier<Error> error) {
        EngineFixture f = new EngineFixture(dir, "{ auto: true }");
        AtomicReference<Supplier<Error>> failing = new AtomicReference<>(error);
        Engine engine = engineWhoseProviderObserves(f, failing);
        String sha = f.commit(Map.of("a", 1));

        ReconcileOutcome failed = engine.reconciler().reconcile(ReconcileRequest.at("web", Trigger.POLL, sha));

        assertThat(failed.result()).isEqualTo(Result.WAITING);
        assertThat(failed.reason()).isEqualTo(Reasons.INTERNAL_ERROR);
        assertThat(failed.message()).contains(name);
        assertThat(failed.requeueAfter()).as("retried with backoff").isPresent();
        assertThat(f.store.status("web").orElseThrow()).satisfies(status -> {
            assertThat(status.condition()).isEqualTo("Waiting");
            assertThat(status.reason()).isEqualTo(Reasons.INTERNAL_ERROR);
            assertThat(status.lastAttemptedRevision()).isEqualTo(sha);
        });
        assertThat(f.store.history("web", 10)).singleElement().satisfies(run -> {
            assertThat(run.result()).isEqualTo("failed");
            assertThat(run.reason()).isEqualTo(Reasons.INTERNAL_ERROR);
        });
        assertThat(f.reports).singleElement().satisfies(report -> assertThat(report.outcome()).isEqualTo(failed));
        assertThat(f.store.lease("web")).as("the lease is let go of").isEmpty();

        failing.set(null);
        ReconcileOutcome next = engine.reconciler().reconcile(ReconcileRequest.of("web", Trigger.RETRY));

        assertThat(next.result()).isEqualTo(Result.APPLIED);
        assertThat(f.provider.live()).containsOnlyKeys("a");
        assertThat(f.store.status("web").orElseThrow().condition()).isEqualTo("Ready");
    }

    /** An engine over the fixture's ports whose provider throws what {@code failing} makes when it observes. */
    private static Engine engineWhoseProviderObserves(EngineFixture f, AtomicReference<Supplier<Error>> failing) {
        Provider provider = (Provider) Proxy.newProxyInstance(Provider.class.getClassLoader(),
                new Class<?>[] {Provider.class}, (proxy, method, args) -> {
                    if (method.getName().equals("observe") && failing.get() != null) {
                        throw failing.get().get();
                    }
                    try {
                        return method.invoke(f.provider, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        EnginePorts ports = new EnginePorts(f.config, f.store, n -> Optional.of(provider).filter(p -> p.name()
                .equals(n)), f.snapshots, null, f.clock, f.engine.ports().listener());
        return new Engine(ports, f.stop, LeaseHolder.thisProcess("test"));
    }
}
