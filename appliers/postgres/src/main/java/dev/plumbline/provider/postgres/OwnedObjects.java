package dev.plumbline.provider.postgres;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.OwnershipScan.Owned;
import dev.plumbline.provider.ownership.OwnershipRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What each stack owns on the server, read back for a rebuild of the inventory. The ledger says which
 * objects a stack applied and under which {@code metadata.name}, so each of its rows gives the key the
 * planner uses ({@code <provider>/postgres.plumbline.dev/<Kind>//<metadata.name>}); the objects are then
 * observed as an inventory of those keys is, so that the answer agrees with what a plan sees: where an object
 * carries a provenance comment, the comment says who owns it and how (an object whose comment names another
 * stack is left out), and a row whose object is gone is listed with the row's record (the plan forgets it).
 * The labels and annotations listed are the row's either way. Only reads: the ledger, the catalogs, the
 * comments (a ledger made by an earlier version is read as it is, without labels and annotations).
 */
final class OwnedObjects {

    private final String provider;
    private final Cluster cluster;
    private final PostgresObserver observer;

    OwnedObjects(String provider, Cluster cluster, PostgresObserver observer) {
        this.provider = provider;
        this.cluster = cluster;
        this.observer = observer;
    }

    List<String> stacks() {
        try (Session admin = cluster.admin()) {
            return List.copyOf(new TreeSet<>(cluster.ledger().stacks(admin)));
        } catch (SQLException e) {
            throw PostgresFailures.failed("read the stacks in " + Ledger.TABLE, e);
        }
    }

    List<Owned> owned(String stack) {
        Map<ResourceKey, OwnershipRecord> rows = new LinkedHashMap<>();
        try (Session admin = cluster.admin()) {
            for (Ledger.Row row : cluster.ledger().read(admin, stack, List.of())) {
                ResourceKey key = new ResourceKey(provider, PostgresProvider.GROUP, row.id().kind().kind(), "",
                        row.resource());
                rows.merge(key, row.owner(), (one, other) -> other.appliedAt().isAfter(one.appliedAt()) ? other : one);
            }
        } catch (SQLException e) {
            throw PostgresFailures.failed("read the rows of stack '" + stack + "' in " + Ledger.TABLE, e);
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<ResourceKey, LiveObject> live = observer.observe(stack, List.of(), rows.keySet());
        List<Owned> owned = new ArrayList<>();
        rows.forEach((key, row) -> {
            LiveObject found = live.get(key);
            if (found == null) {
                owned.add(new Owned(key, row));
            } else if (found.managedBy().filter(stack::equals).isPresent()) {
                owned.add(new Owned(key, OwnershipRecord.stamped(found.provenance().orElseThrow(), !found.adopted())
                        .withMetadata(row.metadata())));
            }
        });
        owned.sort(Comparator.comparing(Owned::key));
        return owned;
    }
}
