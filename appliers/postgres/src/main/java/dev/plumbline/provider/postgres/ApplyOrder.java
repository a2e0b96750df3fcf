package dev.plumbline.provider.postgres;

import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The order one stack's changes run in: by kind (roles, databases, schemas, extensions, grants; see
 * {@link PostgresKind}), and among roles, a role before the roles that are members of it, so that
 * {@code memberOf} never names a role not yet created. Deletes run in the reverse order, members first.
 * It is worked out from the stack's desired resources alone ({@link RoleDepths}); a key not among them (the
 * delete of an inventory key) is placed by its kind and name.
 */
final class ApplyOrder implements Comparator<ResourceKey> {

    private final RoleDepths roles;

    private ApplyOrder(RoleDepths roles) {
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** The order of the changes of a stack that desires {@code desired}. */
    static ApplyOrder of(List<Resource> desired) {
        return new ApplyOrder(RoleDepths.of(desired));
    }

    @Override
    public int compare(ResourceKey a, ResourceKey b) {
        int byKind = Integer.compare(rank(a), rank(b));
        if (byKind != 0) {
            return byKind;
        }
        if (a.kind().equals(PostgresKind.ROLE.kind())) {
            int byDepth = Integer.compare(roles.of(a.name()), roles.of(b.name()));
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
