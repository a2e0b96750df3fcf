package dev.plumbline.agent.telemetry;

import dev.plumbline.engine.state.LeaseLostException;
import dev.plumbline.engine.state.StateStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Counts the state store's failures in {@code plumbline_state_store_errors_total{operation}}, the operation
 * being the method called ({@code saveStatus}, {@code startRun}, {@code intend}, ...), or for the store's
 * parts the part and the method ({@code controls.setPaused}, {@code deliveries.remember}). It wraps any
 * {@link StateStore} as a dynamic proxy rather than a class implementing the interface, so that the
 * interface can grow without this file changing; the proxy also has every other public interface the store
 * implements (a capability such as the agent's {@code Pruning}, counted under its method's name), so that wrapping
 * hides none. A view of the store ({@code fenced} by a lease) counts under
 * the store's own operations. Every exception the store throws counts, except
 * {@link IllegalArgumentException} (the caller's mistake, such as an unknown run id) and
 * {@link LeaseLostException} (a run that lost its lease, refused as it should be); it is rethrown as is.
 */
public final class MeteredStateStore implements InvocationHandler {

    private final Object target;
    private final String prefix;
    private final AgentMetrics metrics;
    private final StoreHealth health;

    private MeteredStateStore(Object target, String prefix, AgentMetrics metrics, StoreHealth health) {
        this.target = Objects.requireNonNull(target, "target");
        this.prefix = prefix;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = health;
    }

    /** {@code store}, counting its failures. */
    public static StateStore wrap(StateStore store, AgentMetrics metrics) {
        return wrap(store, metrics, null);
    }

    /**
     * As above, telling {@code health} (when not null) about every write: one that failed, and one that
     * succeeded after. A write is a method returning nothing, or taking a lease or starting a run.
     */
    public static StateStore wrap(StateStore store, AgentMetrics metrics, StoreHealth health) {
        Set<Class<?>> types = new LinkedHashSet<>();
        types.add(StateStore.class);
        for (Class<?> type = store.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> capability : type.getInterfaces()) {
                if (Modifier.isPublic(capability.getModifiers())
                        && capability.getClassLoader() == StateStore.class.getClassLoader()) {
                    types.add(capability);
                }
            }
        }
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), types.toArray(Class<?>[]::new),
                new MeteredStateStore(store, "", metrics, health));
    }

    private static <T> T proxy(Class<T> type, Object target, String prefix, AgentMetrics metrics,
                               StoreHealth health) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new MeteredStateStore(target, prefix, metrics, health)));
    }

    private static boolean isWrite(Method method) {
        return switch (method.getName()) {
            case "close" -> false;
            case "startRun", "acquire", "renew", "breakLease" -> true;
            default -> method.getReturnType() == void.class;
        };
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "metered " + target;
            };
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable failure = e.getCause();
            if (!(failure instanceof IllegalArgumentException) && !(failure instanceof LeaseLostException)) {
                metrics.stateStoreError(prefix + method.getName());
                if (health != null && isWrite(method)) {
                    health.failed(prefix + method.getName(), failure.getMessage() == null
                            ? failure.getClass().getSimpleName() : failure.getMessage());
                }
            }
            throw failure;
        }
        if (health != null && isWrite(method)) {
            health.wrote();
        }
        return isPart(method.getReturnType()) && result != null
                ? proxy(method.getReturnType(), result, method.getReturnType() == StateStore.class ? prefix
                        : prefix + method.getName() + ".", metrics, health)
                : result;
    }

    /** A part of the store handed out by it (its controls, audit log, webhook deliveries). */
    private static boolean isPart(Class<?> type) {
        return type.isInterface() && type.getPackage() == StateStore.class.getPackage();
    }
}
