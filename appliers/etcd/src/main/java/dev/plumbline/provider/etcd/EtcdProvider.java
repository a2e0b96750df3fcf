package dev.plumbline.provider.etcd;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.TransactionalProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code etcd} provider: writes {@code Key} and {@code KeySet} resources ({@code etcd.plumbline.dev/v1})
 * as keys under one prefix of an etcd v3 cluster.
 *
 * <pre>
 * apiVersion: etcd.plumbline.dev/v1
 * kind: Key
 * metadata: { name: app-url }
 * spec: { key: app/url, value: "https://app.example.com" }
 * ---
 * apiVersion: etcd.plumbline.dev/v1
 * kind: KeySet
 * metadata: { name: app-limits }
 * spec: { prefix: app/limits/, entries: { rps: "100", burst: "20" } }
 * </pre>
 *
 * <p><b>Keys</b> are relative to the provider prefix ({@code /config/} makes {@code app/url} the etcd key
 * {@code /config/app/url}); see {@link KeyPath} for what {@link #validate} refuses. A value is text, or a
 * secret reference ({@code ${secret:env:NAME}}), which is written as its value and read back as a secret.
 *
 * <p><b>Provenance</b> is kept in etcd beside the data, one small JSON record per key a stack wrote, under
 * the reserved area {@code <prefix>.plumbline/owners/<stack>/<key>} ({@link KeyLayout}, {@link KeyRecord}):
 * stack, resource, revision, time, the SHA-256 of the value (never the value), whether the stack created
 * the key or adopted one that existed, and whether the value is a secret.
 *
 * <p><b>One transaction per stack.</b> {@link #observe} reads in bulk ({@link KeyObserver}) and keeps, per
 * stack and beside the live objects, the mod revision of every key it read ({@link Observation}).
 * {@link #applyAll} then sends all of a stack's changes as one etcd transaction that writes data and
 * records only if every key it writes, deletes or relies on still has the observed mod revision
 * ({@link StackTransaction}); otherwise nothing is written and it fails with {@link #CONFLICT}, naming a
 * key that changed. {@link #apply} and {@link #delete} are the same with one change.
 *
 * <p><b>Prune</b> removes a key only when the stack's record says the stack created it; an adopted key
 * stays and only its record goes. Keys under a KeySet's prefix that the stack did not write are never part
 * of the KeySet and never removed. The user's guide is {@code docs/etcd-provider.md}.
 */
public final class EtcdProvider implements Provider, TransactionalProvider {

    public static final String TYPE = "etcd";
    public static final String GROUP = "etcd.plumbline.dev";
    public static final String API_VERSION = GROUP + "/v1";
    public static final String KEY = "Key";
    public static final String KEY_SET = "KeySet";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final KeyLayout layout;
    private final EtcdConnection connection;
    private final KeyObserver observer;
    private final KeyApplier applier;
    private final ConcurrentMap<String, Observation> observations = new ConcurrentHashMap<>();

    /**
     * A provider writing under {@code prefix} (starting and ending with '/') of the cluster at
     * {@code endpoints}, waiting at most {@code timeout} for any call; nothing is reached until the first
     * call.
     */
    public EtcdProvider(String name, List<URI> endpoints, String prefix, Duration timeout) {
        this.name = Objects.requireNonNull(name, "name");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("the etcd provider needs at least one endpoint");
        }
        this.layout = new KeyLayout(prefix);
        this.connection = new EtcdConnection(endpoints, timeout);
        this.observer = new KeyObserver(name, layout, connection);
        this.applier = new KeyApplier(layout, connection);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The whole group {@value #GROUP}; {@link #validate} refuses kinds other than Key and KeySet. */
    @Override
    public boolean serves(String group, String kind) {
        return GROUP.equals(group);
    }

    @Override
    public String served() {
        return GROUP;
    }

    /** The prefix everything of this provider lives under, like {@code /config/}. */
    public String prefix() {
        return layout.prefix();
    }

    /** Where the provenance records of {@code stack} live: {@code <prefix>.plumbline/owners/<stack>/}. */
    public String provenanceArea(String stack) {
        return layout.owners(stack);
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        return EtcdValidator.validate(resources);
    }

    /** Sorts KeySet entries and turns values into their compared form; an invalid resource is returned as is. */
    @Override
    public Resource normalize(Resource desired) {
        if (!desired.kind().equals(KEY) && !desired.kind().equals(KEY_SET)) {
            return desired;
        }
        try {
            return EtcdSpec.of(desired).normalise(desired);
        } catch (IllegalArgumentException invalid) {
            return desired;
        }
    }

    @Override
    public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                Collection<ResourceKey> inventory) {
        KeyObserver.Result result = observer.observe(scope.stack(), desired, inventory);
        observations.put(scope.stack(), result.observation());
        return result.live();
    }

    @Override
    public List<ApplyResult> applyAll(List<Change> changes, ApplyContext context) {
        return applier.applyAll(changes, context, observations);
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        return applyAll(List.of(change), context).get(0);
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        return applyAll(List.of(change), context).get(0);
    }

    @Override
    public void close() {
        observations.clear();
        connection.close();
    }
}
