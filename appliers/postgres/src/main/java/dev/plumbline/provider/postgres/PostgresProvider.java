package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.PlumblineException;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.PartialApply;
import dev.plumbline.provider.Health;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.SelfRecordingProvider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.TransactionalProvider;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code postgres} provider: roles, databases, schemas, extensions and grants of one PostgreSQL server
 * ({@code postgres.plumbline.dev/v1}; the fields of each kind are described on {@link RoleSpec},
 * {@link DatabaseSpec}, {@link SchemaSpec}, {@link ExtensionSpec} and {@link GrantSpec}, and in
 * {@code docs/postgres-provider.md}).
 *
 * <pre>
 * apiVersion: postgres.plumbline.dev/v1
 * kind: Role
 * metadata: { name: app }
 * spec: { login: true, password: "${secret:env:APP_PASSWORD}", memberOf: [readers] }
 * </pre>
 *
 * <p><b>Provenance.</b> Roles, databases, schemas and extensions carry a provenance line in their comment
 * ({@link ProvenanceComment}); every object a stack applies also has a row in the ledger table
 * {@code public.plumbline_provenance} of the database the URL names ({@link Ledger}), written before the
 * object. Grants, which cannot carry a comment, have only the row. The row also keeps the resource's labels
 * and annotations, which no PostgreSQL object can carry. Prune drops what the stack created
 * and leaves (releasing its stamp) what it adopted. As an {@link OwnershipScan} it lists what each stack
 * owns from the ledger, checked against the comments ({@link OwnedObjects}).
 *
 * <p><b>Cost.</b> {@link #observe} reads in bulk: one query per kind on the URL's database, and one per
 * kind in each database holding schemas, extensions or grants. {@link #applyAll} writes a stack's changes in
 * batches ({@link Batches}, {@link BatchWriter}): per batch of up to {@value Batches#SIZE} writes of one kind
 * in one database, one bulk read, one transaction of ledger intents and one of objects, each in one round
 * trip; deletes and databases go one by one. Connections come from a small pool per database, made when
 * first needed and closed by {@link #close}.
 *
 * <p><b>A crash</b> between a batch's intents and its objects leaves rows without objects: the next run
 * writes the objects (the rows already name the stack and whether it created them), or, when the stack no
 * longer wants them, {@link #forgotten} removes the rows. Objects written but not yet recorded by the
 * engine are found live as desired, stamped by the stack, and recorded by the next run.
 *
 * <p><b>Secrets.</b> A role's password is only ever a secret reference; it is compared with the stored
 * SCRAM verifier without being stored, set by sending the server a verifier computed here (never the
 * password), and never logged or put into an error message.
 */
public final class PostgresProvider implements Provider, TransactionalProvider, SelfRecordingProvider, OwnershipScan {

    public static final String TYPE = "postgres";
    public static final String GROUP = "postgres.plumbline.dev";
    public static final String API_VERSION = GROUP + "/v1";

    private final String name;
    private final Cluster cluster;
    private final PostgresObserver observer;
    private final Map<PostgresKind, KindApplier<?, ?>> appliers = new EnumMap<>(PostgresKind.class);
    private final OwnedObjects owned;
    private final BatchWriter writer;
    private final int batchSize;
    private final NormalisedSpecs specs = new NormalisedSpecs();

    /** A provider for the server {@code settings} reach; nothing is connected until the first call. */
    public PostgresProvider(String name, ConnectionSettings settings) {
        this(name, settings, Batches.SIZE);
    }

    /** As above, writing at most {@code batchSize} changes in one transaction (tests make batches small). */
    PostgresProvider(String name, ConnectionSettings settings, int batchSize) {
        this.name = Objects.requireNonNull(name, "name");
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one change");
        }
        this.batchSize = batchSize;
        this.cluster = new Cluster(name, Objects.requireNonNull(settings, "settings"));
        this.observer = new PostgresObserver(name, cluster, specs);
        this.owned = new OwnedObjects(name, cluster, observer);
        appliers.put(PostgresKind.ROLE, new RoleApplier(cluster));
        appliers.put(PostgresKind.DATABASE, new DatabaseApplier(cluster));
        appliers.put(PostgresKind.SCHEMA, new SchemaApplier(cluster));
        appliers.put(PostgresKind.EXTENSION, new ExtensionApplier(cluster));
        appliers.put(PostgresKind.GRANT, new GrantApplier(cluster));
        this.writer = new BatchWriter(cluster, specs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** How it reaches its server. */
    ConnectionSettings settings() {
        return cluster.settings();
    }

    /** The whole group {@value #GROUP}; {@link #validate} refuses kinds it does not know. */
    @Override
    public boolean serves(String group, String kind) {
        return GROUP.equals(group);
    }

    @Override
    public String served() {
        return GROUP;
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        return PostgresValidator.validate(resources, cluster.user());
    }

    /**
     * Fills every default; a resource that would not validate is returned as is. The spec read is kept for the
     * resource returned ({@link NormalisedSpecs}), which observe and apply then need not read again.
     */
    @Override
    public Resource normalize(Resource desired) {
        List<Problem> problems = new ArrayList<>();
        Optional<ObjectSpec> spec = Specs.read(desired, cluster.user(), problems);
        if (spec.isEmpty() || !problems.isEmpty()) {
            return desired;
        }
        Resource normalised = spec.get().normalise(desired);
        specs.put(normalised, spec.get());
        return normalised;
    }

    @Override
    public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                Collection<ResourceKey> inventory) {
        return observer.observe(scope.stack(), desired, inventory);
    }

    /**
     * Applies a stack's changes in order, in batches ({@link Batches}, {@link BatchWriter}): consecutive
     * writes of one kind in one database share a transaction for their intents and one for their objects;
     * deletes and databases go one by one. The first change that fails stops the call, after the changes
     * before it were written: a {@link PartialApply} with their results (the failure alone when none was).
     */
    @Override
    public List<ApplyResult> applyAll(List<Change> changes, ApplyContext context) {
        List<ApplyResult> results = new ArrayList<>();
        for (List<Change> batch : Batches.of(changes, batchSize, this::together)) {
            Change first = batch.get(0);
            Optional<PlumblineException> failure;
            try {
                if (first.action() == Action.DELETE) {
                    results.add(applier(first).delete(first, context));
                    continue;
                }
                BatchWriter.Written written = writer.write(applier(first), batch, context);
                results.addAll(written.results());
                failure = written.failure();
            } catch (PlumblineException e) {
                failure = Optional.of(e);
            }
            if (failure.isPresent()) {
                throw results.isEmpty() ? failure.get() : new PartialApply(results, failure.get());
            }
        }
        return results;
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        return applyAll(List.of(change), context).get(0);
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        return applyAll(List.of(change), context).get(0);
    }

    /** What a change may be written together with: writes of one kind in one database, databases aside. */
    private Optional<String> together(Change change) {
        Optional<PostgresKind> kind = PostgresKind.of(change.key().kind());
        if (change.desired().isEmpty() || kind.isEmpty() || kind.get() == PostgresKind.DATABASE
                || change.action() != Action.CREATE && change.action() != Action.UPDATE) {
            return Optional.empty();
        }
        return specs.readable(change.desired().get(), cluster.user())
                .map(spec -> kind.get().kind() + "/" + BatchWriter.where(spec));
    }

    /** Nothing to complete: an object's row is written before it, and its comment with it. */
    @Override
    public void settled(Change change, ApplyContext context) {
    }

    /**
     * Removes the rows the stack still holds for the resource of {@code key}, which has nothing live left: the
     * intents of a batch whose objects were never written (the agent stopped between the two), or the rows
     * of objects dropped behind the provider's back. (A grant with a row is live: it is revoked, not forgotten.)
     */
    @Override
    public void forgotten(ResourceKey key, ApplyContext context) {
        Optional<PostgresKind> kind = PostgresKind.of(key.kind());
        if (kind.isEmpty() || !key.group().equals(GROUP)) {
            return;
        }
        try (Session admin = cluster.admin()) {
            cluster.ledger().forget(admin, context.stack(), kind.get(), key.name());
        } catch (SQLException e) {
            throw PostgresFailures.failed("remove the rows of " + key.display() + " from " + Ledger.TABLE, e);
        }
    }

    /**
     * Every object is healthy once it is there; a database only when it also accepts connections: one with
     * {@code ALLOW_CONNECTIONS false} or a connection limit of 0 is degraded.
     */
    @Override
    public Map<ResourceKey, Health> health(StackScope scope, List<Resource> desired) {
        Map<ResourceKey, Health> health = new LinkedHashMap<>(Provider.super.health(scope, desired));
        try (Session admin = cluster.admin()) {
            for (Resource resource : desired) {
                if (!resource.kind().equals("Database") || health.get(resource.key()).state() != Health.State.HEALTHY) {
                    continue;
                }
                Optional<String> refusal = admin.queryOne("SELECT datallowconn, datconnlimit FROM pg_database WHERE"
                        + " datname = ?", rows -> !rows.getBoolean(1) ? "it does not allow connections"
                        + " (ALLOW_CONNECTIONS false)" : rows.getInt(2) == 0 ? "its connection limit is 0" : "",
                        resource.name()).filter(text -> !text.isEmpty());
                health.put(resource.key(), refusal.map(why -> Health.degraded("exists, but " + why))
                        .orElse(Health.healthy("exists and accepts connections")));
            }
        } catch (SQLException e) {
            throw PostgresFailures.failed("read the databases' settings", e);
        }
        return health;
    }

    /** Roles, databases, schemas, extensions, grants; among the roles of {@code desired}, a role before its members. */
    @Override
    public Comparator<ResourceKey> order(List<Resource> desired) {
        return ApplyOrder.of(desired);
    }

    /** The stacks with rows in the ledger. */
    @Override
    public List<String> stacks() {
        return owned.stacks();
    }

    /** One resource per object the stack's ledger rows name, unless the object's comment names another stack. */
    @Override
    public List<Owned> owned(StackScope scope) {
        return owned.owned(scope.stack());
    }

    @Override
    public void close() {
        cluster.close();
    }

    private KindApplier<?, ?> applier(Change change) {
        PostgresKind kind = PostgresKind.of(change.key().kind()).orElseThrow(() -> new IllegalArgumentException(
                "the postgres provider has no kind " + change.key().kind()));
        return appliers.get(kind);
    }
}
