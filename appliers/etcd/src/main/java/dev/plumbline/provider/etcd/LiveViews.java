package dev.plumbline.provider.etcd;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.Binary;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Live objects from one {@link Observation}, in the shape of normalised desired state. The live state of
 * a KeySet is the keys its records name (the keys this stack wrote for it), never every key under its
 * prefix: keys under the prefix that the stack did not write are not part of it, so they never show as
 * something to remove. The rules, by case:
 * <ul>
 * <li>a key another stack holds a record of: that stack's provenance (the planner reports the conflict);
 * <li>a Key whose records are at another key (its {@code spec.key} changed): the value at the old key,
 *     so the diff shows {@code spec.key} moving;
 * <li>a Key at a key no stack has a record of: {@link LiveObject#unmanaged} (the plan updates it, which
 *     adopts it); likewise a KeySet with no records yet whose desired keys exist already;
 * <li>a key this stack recorded for another resource, which the desired resource takes over (a rename):
 *     nothing, so the plan creates it and the record moves to the new resource;
 * <li>a resource that is only in the inventory: the keys its records name, unless a desired resource
 *     took them over.
 * </ul>
 * A value recorded as written from a secret is live as a secret ({@code (sensitive)}, compared by value).
 * A value is live as bytes ({@link Binary}) when the desired value is bytes or what etcd holds is not UTF-8,
 * and as text otherwise ({@link EtcdValue#live}). The labels and annotations of a resource are those its
 * records keep ({@link #metadata}).
 */
final class LiveViews {

    private final Observation observed;
    private final Map<KeyPath, Binary> values;
    private final Map<KeyPath, ResourceKey> desiredBy = new HashMap<>();

    /** Views of {@code observed}, whose data {@code values} (the bytes etcd holds) were read with it. */
    LiveViews(Observation observed, Map<KeyPath, Binary> values, Map<ResourceKey, EtcdSpec> desired) {
        this.observed = observed;
        this.values = Map.copyOf(values);
        desired.forEach((key, spec) -> spec.keys().keySet().forEach(path -> desiredBy.put(path, key)));
    }

    /** The live object of the desired resource {@code key}, which asks for {@code spec} and {@code metadata}. */
    Optional<LiveObject> desired(ResourceKey key, EtcdSpec spec, RecordedMetadata metadata) {
        for (KeyPath path : spec.keys().keySet()) {
            Optional<KeyRecord> other = observed.other(path);
            if (other.isPresent()) {
                return Optional.of(other.get().owner().live(key, found(spec)));
            }
        }
        List<KeyRecord> mine = mine(key);
        if (!mine.isEmpty()) {
            return Optional.of(owned(key, mine, Optional.of(spec), Optional.of(metadata)));
        }
        if (spec instanceof KeySpec one && values.containsKey(one.key())) {
            return observed.own(one.key()).isPresent() ? Optional.empty()
                    : Optional.of(LiveObject.unmanaged(key, found(spec)));
        }
        if (spec instanceof KeySetSpec set) {
            boolean existing = set.keys().keySet().stream()
                    .anyMatch(path -> values.containsKey(path) && observed.own(path).isEmpty());
            return existing ? Optional.of(LiveObject.unmanaged(key, found(spec))) : Optional.empty();
        }
        return Optional.empty();
    }

    /** An inventory key that is no longer desired: the keys its records name, if any is still there. */
    Optional<LiveObject> owned(ResourceKey key) {
        List<KeyRecord> mine = mine(key);
        return mine.isEmpty() ? Optional.empty()
                : Optional.of(owned(key, mine, Optional.empty(), Optional.empty()));
    }

    /** The resource's records whose key still holds a value and is not desired by another resource. */
    private List<KeyRecord> mine(ResourceKey key) {
        return observed.ownOf(key.kind(), key.name()).stream()
                .filter(record -> values.containsKey(record.key()))
                .filter(record -> desiredBy.getOrDefault(record.key(), key).equals(key))
                .toList();
    }

    /**
     * What {@code records} (in key order) say is live of {@code key}: values read as bytes where the
     * {@code desired} spec (when the resource is desired) has bytes, labels and annotations as {@link #metadata}
     * reassembles them against {@code wanted}.
     */
    private LiveObject owned(ResourceKey key, List<KeyRecord> records, Optional<EtcdSpec> desired,
                             Optional<RecordedMetadata> wanted) {
        OwnershipRecord owner = KeyRecord.combined(records);
        EtcdSpec live;
        if (key.kind().equals(EtcdProvider.KEY)) {
            KeyRecord record = records.get(0);
            live = new KeySpec(record.key(), value(record, desired.map(spec -> binary(spec, "")).orElse(false)));
        } else {
            KeyRecord latest = records.stream().max(Comparator.comparing(record -> record.owner().appliedAt()))
                    .orElseThrow();
            KeyPath prefix = new KeyPath(latest.prefix());
            SortedMap<String, EtcdValue> entries = new TreeMap<>();
            for (KeyRecord record : records) {
                String entry = record.key().isUnder(prefix) ? record.key().below(prefix) : record.key().text();
                entries.put(entry, value(record, desired.map(spec -> binary(spec, entry)).orElse(false)));
            }
            live = new KeySetSpec(prefix, entries);
        }
        return owner.withMetadata(metadata(records, wanted, owner.metadata())).live(key, live.state());
    }

    /**
     * The labels and annotations the records of a resource keep (each key of a KeySet keeps the KeySet's in
     * its record). For a desired resource: {@code wanted} when every record keeps it; otherwise what the first
     * record, in key order, that keeps something else keeps, so that the plan shows a difference and its
     * apply rewrites every record (an update writes the record of each key of the resource) until they agree.
     * For a resource that is no longer desired: what the newest record keeps.
     */
    private static RecordedMetadata metadata(List<KeyRecord> records, Optional<RecordedMetadata> wanted,
                                             RecordedMetadata newest) {
        return wanted.map(metadata -> records.stream().map(KeyRecord::metadata)
                .filter(kept -> !kept.equals(metadata)).findFirst().orElse(metadata)).orElse(newest);
    }

    /** The desired spec with the values found live (plain, as far as this stack knows), dropping absent ones. */
    private Map<String, Object> found(EtcdSpec spec) {
        if (spec instanceof KeySpec one) {
            Binary value = values.get(one.key());
            return value != null ? new KeySpec(one.key(), EtcdValue.live(value, binary(spec, ""), false)).state()
                    : Map.of("spec", Map.of("key", one.key().text()));
        }
        KeySetSpec set = (KeySetSpec) spec;
        SortedMap<String, EtcdValue> entries = new TreeMap<>();
        set.entries().keySet().forEach(entry -> Optional.ofNullable(values.get(set.prefix().child(entry)))
                .ifPresent(value -> entries.put(entry, EtcdValue.live(value, binary(spec, entry), false))));
        return new KeySetSpec(set.prefix(), entries).state();
    }

    /** Whether the desired value (of a Key, or of a KeySet's {@code entry}) is bytes: then so is the live one. */
    private static boolean binary(EtcdSpec desired, String entry) {
        if (desired instanceof KeySpec one) {
            return one.value().isBinary();
        }
        EtcdValue value = ((KeySetSpec) desired).entries().get(entry);
        return value != null && value.isBinary();
    }

    private EtcdValue value(KeyRecord record, boolean binary) {
        return EtcdValue.live(values.get(record.key()), binary, record.owner().sensitive());
    }
}
