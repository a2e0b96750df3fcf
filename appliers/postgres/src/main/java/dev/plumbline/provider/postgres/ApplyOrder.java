package dev.plumbline.provider.postgres;

import dev.plumbline.model.ResourceKey;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order changes run in: by kind (roles, databases, schemas, extensions, grants; see
 * {@link PostgresKind}), and among roles, a role before the roles that are members of it, so that
 * {@code memberOf} never names a role not yet created. Validation tells it how deep each role sits in the
 * {@code memberOf} graph of its stack; deletes run in the reverse order, members first.
 */
final class ApplyOrder implements Comparator<ResourceKey> {

    private final Map<String, Integer> roleDepth = new ConcurrentHashMap<>();

    /** Records how many roles of its stack each role is below (0 for a role that is a member of none). */
    void learn(Map<String, Integer> depths) {
        roleDepth.putAll(depths);
    }

    @Override
    public int compare(ResourceKey a, ResourceKey b) {
        int byKind = Integer.compare(rank(a), rank(b));
        if (byKind != 0) {
            return byKind;
        }
        if (a.kind().equals(PostgresKind.ROLE.kind())) {
            int byDepth = Integer.compare(roleDepth.getOrDefault(a.name(), 0), roleDepth.getOrDefault(b.name(), 0));
            if (byDepth != 0) {
                return byDepth;
            }
        }
        return a.compareTo(b);
    }

    private static int rank(ResourceKey key) {
        return PostgresKind.of(key.kind()).map(PostgresKind::rank).orElse(PostgresKind.values().length);
    }
}
