package dev.plumbline.provider.etcd;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.TransactionalProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * {@code /config/app/url}); see {@link KeyPath} for what {@link #validate} refuses. A value is text (written
 * as UTF-8), bytes ({@code !!binary}, written as they are, read back as bytes), or a secret reference
 * ({@code ${secret:env:NAME}}), which is written as its value and read back as a secret.
 *
 * <p><b>Provenance</b> is kept in etcd beside the data, one small JSON record per key a stack wrote, under
 * the reserved area {@code <prefix>.plumbline/owners/<stack>/<key>} ({@link KeyLayout}, {@link KeyRecord}):
 * stack, resource, revision, time, the SHA-256 of the value (never the value; nothing for a secret), whether
 * the stack created the key or adopted one that existed, whether the value is a secret, and the resource's
 * labels and annotations, which an etcd key cannot carry: they are compared like any field, and a change of
 * them alone rewrites the records, not the values.
 *
 * <p><b>Checked transactions, as few as etcd's limits allow.</b> {@link #observe} reads in bulk
 * ({@link KeyObserver}), at one revision, and keeps, beside the live objects and for the plan made from them,
 * the mod revision of every key it read ({@link Observation}, {@link ObservedRuns}). {@link #applyAll} then
 * sends a stack's changes as etcd transactions within the members' {@code --max-txn-ops} and
 * {@code --max-request-bytes} (the provider's {@code maxTxnOps} and {@code maxRequestBytes}), one after the
 * other in the changes' order ({@link TransactionBatches}, {@link StackTransaction}). Each writes data and
 * records only if every key it writes, deletes or relies on still has the mod revision the observe behind
 * those very changes read; a key always travels with its record and its comparisons, and a resource whole
 * when it fits in one transaction. A stack that fits in one transaction is all or nothing; a larger one is
 * atomic per transaction: when a comparison fails, that transaction writes nothing, the apply stops there
 * with {@link #CONFLICT} naming a key that changed, and the transactions before it stay written, with their
 * records (the next run, observing again, finds them as desired and converges). Another observe of the
 * stack in between (a viewer's plan) does not change what an apply compares with. {@link #apply} and
 * {@link #delete} are the same with one change.
 *
 * <p><b>Size.</b> One etcd request carries at most the members' {@code --max-request-bytes} (1.5 MiB
 * unless set; the provider's {@code maxRequestBytes} says what it is). {@link #validate} refuses a value
 * that could not be written even alone, at its manifest line; one that still would not fit (secret values
 * are only known at apply time) is refused before anything is sent, and a transaction etcd refuses as too
 * large fails the same way: {@code TransactionTooLarge}, not retried ({@link RequestLimit}).
 *
 * <p><b>Prune</b> removes a key only when the stack's record says the stack created it; an adopted key
 * stays and only its record goes. Keys under a KeySet's prefix that the stack did not write are never part
 * of the KeySet and never removed. As an {@link OwnershipScan} it lists what each stack owns from the
 * records alone ({@link OwnerScan}). The user's guide is {@code docs/etcd-provider.md}.
 */
public final class EtcdProvider implements Provider, TransactionalProvider, OwnershipScan {

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
    private final OwnerScan scan;
    private final RequestLimit limit;
    private final ObservedRuns runs = new ObservedRuns();

    /**
     * A provider writing under {@code prefix} (starting and ending with '/') of the cluster at
     * {@code endpoints}, waiting at most {@code timeout} for any call, for members with etcd's default
     * {@code --max-request-bytes} (1.5 MiB); nothing is reached until the first call.
     */
    public EtcdProvider(String name, List<URI> endpoints, String prefix, Duration timeout) {
        this(name, endpoints, prefix, timeout, RequestLimit.DEFAULT);
    }

    /**
     * As {@link #EtcdProvider(String, List, String, Duration)}, for members whose {@code --max-request-bytes}
     * is {@code maxRequestBytes} (at least 4096).
     */
    public EtcdProvider(String name, List<URI> endpoints, String prefix, Duration timeout, long maxRequestBytes) {
        this(name, endpoints, prefix, timeout, maxRequestBytes, RequestLimit.DEFAULT_OPS);
    }

    /**
     * As {@link #EtcdProvider(String, List, String, Duration, long)}, for members whose {@code --max-txn-ops}
     * is {@code maxTxnOps} (at least 2).
     */
    public EtcdProvider(String name, List<URI> endpoints, String prefix, Duration timeout, long maxRequestBytes,
                        int maxTxnOps) {
        this.name = Objects.requireNonNull(name, "name");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("the etcd provider needs at least one endpoint");
        }
        this.layout = new KeyLayout(prefix);
        this.limit = new RequestLimit(name, maxRequestBytes, maxTxnOps);
        this.connection = new EtcdConnection(endpoints, timeout, maxTxnOps);
        this.observer = new KeyObserver(name, layout, connection);
        this.applier = new KeyApplier(layout, connection, limit);
        this.scan = new OwnerScan(name, layout, connection);
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

    /** The members' {@code --max-request-bytes} this provider keeps its transactions within. */
    public long maxRequestBytes() {
        return limit.maxRequestBytes();
    }

    /** The members' {@code --max-txn-ops} this provider keeps its transactions within. */
    public int maxTxnOps() {
        return limit.maxTxnOps();
    }

    /** The observations applies check against, each found through the plan made from it. */
    ObservedRuns runs() {
        return runs;
    }

    /** Where the provenance records of {@code stack} live: {@code <prefix>.plumbline/owners/<stack>/}. */
    public String provenanceArea(String stack) {
        return layout.owners(stack);
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        return EtcdValidator.validate(resources, layout, limit);
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
        runs.file(result.observation(), desired, result.live().values());
        return result.live();
    }

    /**
     * Applies the changes in as few transactions as the members' limits allow, each checked against the
     * observation they were planned from, in order; all or none when they fit in one transaction.
     *
     * @throws dev.plumbline.problem.TransientException with reason {@link #CONFLICT} when a key changed since
     *     that observation (the transactions before the one holding it stay written), or the changes come
     *     from no observation of this provider; {@code Unreachable} or {@code Timeout} when etcd does not
     *     answer in time
     * @throws dev.plumbline.problem.StalledException with reason {@code TransactionTooLarge} when one key
     *     with its record is larger than one etcd request may be (nothing is sent), or etcd refuses a
     *     transaction as too large
     */
    @Override
    public List<ApplyResult> applyAll(List<Change> changes, ApplyContext context) {
        return applier.applyAll(changes, context, runs);
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        return applyAll(List.of(change), context).get(0);
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        return applyAll(List.of(change), context).get(0);
    }

    /** The stacks with records under {@code <prefix>.plumbline/owners/}. */
    @Override
    public List<String> stacks() {
        return scan.stacks();
    }

    /** One Key or KeySet per resource the stack's records name, whether its keys still hold values or not. */
    @Override
    public List<Owned> owned(StackScope scope) {
        return scan.owned(scope.stack());
    }

    @Override
    public void close() {
        runs.clear();
        connection.close();
    }
}
