package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.SecretValue;
import dev.plumbline.model.Sensitive;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One observation in progress: what to look for (the desired specs, and the objects of inventory keys no
 * longer desired), what the catalog queries found, and, at the end, the live objects. A live object's state
 * is the found object in the shape of its desired spec: optional fields the manifest leaves out (a
 * database's encoding, an extension's version) are left out, a role's password is the desired secret
 * itself when the stored verifier matches it and the verifier (masked) when not, and a grant's privileges
 * follow {@link GrantCatalog#shown}. A grant exists when the ledger has it or its role holds any of the
 * target's privileges. Labels and annotations come from the ledger row, as {@code metadata} of the state.
 */
final class LiveState {

    private final String stack;
    private final Map<ResourceKey, ObjectSpec> wanted;
    private final Map<ResourceKey, ObjectId> targets = new LinkedHashMap<>();
    private final Map<ObjectId, Ledger.Row> rows = new HashMap<>();
    /** The stack's rows by kind and resource ({@code Grant/readers-connect}), to locate keys no longer desired. */
    private final Map<String, ObjectId> ofResource = new HashMap<>();
    private Map<String, Observed<RoleSpec>> roles = Map.of();
    private Map<String, String> verifiers = Map.of();
    private Map<String, Observed<DatabaseSpec>> databases = Map.of();
    private final Map<String, Map<String, Observed<SchemaSpec>>> schemas = new HashMap<>();
    private final Map<String, Map<String, Observed<ExtensionSpec>>> extensions = new HashMap<>();
    private final Map<ObjectId, List<Set<String>>> held = new HashMap<>();

    LiveState(String stack, Map<ResourceKey, ObjectSpec> wanted) {
        this.stack = stack;
        this.wanted = wanted;
        wanted.forEach((key, spec) -> targets.put(key, spec.id()));
    }

    Map<ResourceKey, ObjectSpec> wanted() {
        return wanted;
    }

    void rows(List<Ledger.Row> found) {
        for (Ledger.Row row : found) {
            rows.put(row.id(), row);
            if (row.owner().ownedBy(stack)) {
                ofResource.putIfAbsent(row.id().kind().kind() + "/" + row.resource(), row.id());
            }
        }
    }

    /** Finds the object of an inventory key that is no longer desired: by name, or through the ledger. */
    void locate(ResourceKey key) {
        PostgresKind kind = PostgresKind.of(key.kind()).orElseThrow();
        if (kind == PostgresKind.ROLE) {
            targets.put(key, ObjectId.role(key.name()));
        } else if (kind == PostgresKind.DATABASE) {
            targets.put(key, ObjectId.database(key.name()));
        } else {
            Optional.ofNullable(ofResource.get(kind.kind() + "/" + key.name())).ifPresent(id -> targets.put(key, id));
        }
    }

    /** The names of the objects of {@code kind} to look for in {@code database} ({@code ""}: shared objects). */
    Set<String> names(PostgresKind kind, String database) {
        Set<String> names = new LinkedHashSet<>();
        targets.values().stream().filter(id -> id.kind() == kind && id.database().equals(database))
                .forEach(id -> names.add(id.object()));
        return names;
    }

    /** The databases holding schemas, extensions or grants to look for. */
    Set<String> databasesInside() {
        Set<String> names = new LinkedHashSet<>();
        targets.values().stream().filter(id -> id.kind().perDatabase()).forEach(id -> names.add(id.database()));
        return names;
    }

    /** The grants to look for, all of them ({@code null}) or those in {@code database}. */
    List<GrantSpec> grants(String database) {
        return targets.entrySet().stream().filter(e -> e.getValue().kind() == PostgresKind.GRANT)
                .filter(e -> database == null || e.getValue().database().equals(database))
                .flatMap(e -> grant(e.getKey(), e.getValue()).stream()).toList();
    }

    private Optional<GrantSpec> grant(ResourceKey key, ObjectId id) {
        return wanted.get(key) instanceof GrantSpec grant ? Optional.of(grant)
                : GrantSpec.ofObject(id.database(), id.object());
    }

    Optional<DatabaseSpec> database(String name) {
        return Optional.ofNullable(databases.get(name)).map(Observed::spec);
    }

    void roles(Map<String, Observed<RoleSpec>> found) {
        roles = found;
    }

    void verifiers(Map<String, String> found) {
        verifiers = found;
    }

    void databases(Map<String, Observed<DatabaseSpec>> found) {
        databases = found;
    }

    void schemas(String database, Map<String, Observed<SchemaSpec>> found) {
        schemas.put(database, found);
    }

    void extensions(String database, Map<String, Observed<ExtensionSpec>> found) {
        extensions.put(database, found);
    }

    void held(Map<ObjectId, List<Set<String>>> found) {
        held.putAll(found);
    }

    /** The live objects found, by key; keys with nothing live are absent. */
    Map<ResourceKey, LiveObject> live() {
        Map<ResourceKey, LiveObject> live = new LinkedHashMap<>();
        targets.forEach((key, id) -> liveObject(key, id).ifPresent(found -> live.put(key, found)));
        return live;
    }

    private Optional<LiveObject> liveObject(ResourceKey key, ObjectId id) {
        ObjectSpec desired = wanted.get(key);
        Optional<Ledger.Row> row = Optional.ofNullable(rows.get(id));
        Optional<? extends Observed<?>> found = switch (id.kind()) {
            case ROLE -> Optional.ofNullable(roles.get(id.object()));
            case DATABASE -> Optional.ofNullable(databases.get(id.object()));
            case SCHEMA -> Optional.ofNullable(schemas.getOrDefault(id.database(), Map.of()).get(id.object()));
            case EXTENSION -> Optional.ofNullable(extensions.getOrDefault(id.database(), Map.of()).get(id.object()));
            case GRANT -> Optional.empty();
        };
        if (id.kind() == PostgresKind.GRANT) {
            return grant(key, id).flatMap(grant -> liveGrant(key, grant, desired, row));
        }
        return found.map(observed -> {
            ObjectSpec spec = shaped(observed.spec(), desired);
            Optional<Stamp> stamp = ProvenanceComment.parse(observed.comment()).or(() -> row.map(Ledger.Row::stamp));
            return object(key, spec, stamp, row);
        });
    }

    private ObjectSpec shaped(ObjectSpec live, ObjectSpec desired) {
        if (live instanceof RoleSpec role && desired instanceof RoleSpec wantedRole) {
            return role.withPassword(password(wantedRole));
        }
        if (live instanceof DatabaseSpec database && desired instanceof DatabaseSpec wantedDatabase) {
            return database.shapedLike(wantedDatabase);
        }
        if (live instanceof ExtensionSpec extension && desired instanceof ExtensionSpec wantedExtension) {
            return extension.shapedLike(wantedExtension);
        }
        return live;
    }

    /** A role's password as the state shows it: the desired secret when the verifier matches, else the verifier. */
    private Optional<SecretValue> password(RoleSpec desired) {
        return desired.password().map(secret -> {
            String stored = verifiers.getOrDefault(desired.name(), "");
            if (secret instanceof Sensitive sensitive
                    && PasswordVerifier.matches(sensitive.reveal(), stored, desired.name())) {
                return sensitive;
            }
            return new Sensitive(stored);
        });
    }

    private Optional<LiveObject> liveGrant(ResourceKey key, GrantSpec grant, ObjectSpec desired,
                                           Optional<Ledger.Row> row) {
        // not read at all: its database does not exist, so nothing is held
        List<Set<String>> sets = held.getOrDefault(grant.id(), List.of(Set.of()));
        boolean holdsAny = sets.stream().anyMatch(set -> !set.isEmpty());
        if (row.isEmpty() && !holdsAny) {
            return Optional.empty();
        }
        Optional<List<String>> wantedPrivileges = desired instanceof GrantSpec wantedGrant
                ? Optional.of(wantedGrant.privileges()) : Optional.empty();
        GrantSpec live = grant.withPrivileges(GrantCatalog.shown(grant, sets, wantedPrivileges));
        return Optional.of(object(key, live, row.map(Ledger.Row::stamp), row));
    }

    /**
     * The live object: managed as {@code stamp} says, with the labels and annotations of the ledger row (the
     * only place they are kept, also where the comment is the stamp), or unmanaged without a stamp.
     */
    private static LiveObject object(ResourceKey key, ObjectSpec spec, Optional<Stamp> stamp,
                                     Optional<Ledger.Row> row) {
        RecordedMetadata metadata = row.map(Ledger.Row::metadata).orElse(RecordedMetadata.NONE);
        return stamp.map(s -> s.owner().withMetadata(metadata).live(key, spec.state()))
                .orElseGet(() -> LiveObject.unmanaged(key, spec.state()));
    }
}
