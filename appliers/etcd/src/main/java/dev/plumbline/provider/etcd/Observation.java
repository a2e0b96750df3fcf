package dev.plumbline.provider.etcd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one observe read for one stack, kept beside the live objects (never in their state) so that the
 * apply of the plan made from them can check nothing changed in between ({@link ObservedRuns}): the mod
 * revision of every etcd key read (0 for a key read and found absent, including every key under a prefix
 * read as a range), the SHA-256 of every data value (never the value: it is kept as long as the plan is,
 * and may be a secret), the stack's own provenance records and the records of other stacks. After the
 * transactions of an apply committed, {@link #after} gives the observation as they left things, so that a
 * second apply of the same plan (a retry, a test) compares against what this provider itself wrote.
 *
 * <p>A stack may have tens of thousands of keys, and every change asks this for its keys, so every question
 * is answered from an index, never by going through all keys: the records by resource, the values in key
 * order (for what lies under a prefix), and the ranges read by prefix.
 */
final class Observation {

    /** The writes of one committed transaction, and the revision it committed at. */
    record Committed(List<KeyWrite> writes, long revision) {
        Committed {
            writes = List.copyOf(writes);
        }
    }

    private final String stack;
    private final Map<String, Long> revisions;
    private final Set<String> ranges;
    private final NavigableMap<KeyPath, String> digests;
    private final Map<KeyPath, KeyRecord> own;
    private final Map<KeyPath, KeyRecord> others;
    private final Map<String, List<KeyRecord>> ownByResource = new HashMap<>();

    /**
     * What was read: {@code revisions} of etcd keys, {@code ranges} (prefixes read whole, each ending with
     * '/'), {@code digests} of data values, and records of this stack ({@code own}) and of others.
     */
    Observation(String stack, Map<String, Long> revisions, List<String> ranges, Map<KeyPath, String> digests,
                Map<KeyPath, KeyRecord> own, Map<KeyPath, KeyRecord> others) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.revisions = Map.copyOf(revisions);
        this.ranges = Set.copyOf(ranges);
        for (String range : this.ranges) {
            if (!range.endsWith("/")) {
                throw new IllegalArgumentException("a range read ends with '/': " + range);
            }
        }
        this.digests = new TreeMap<>(digests);
        this.own = Map.copyOf(own);
        this.others = Map.copyOf(others);
        for (KeyRecord record : this.own.values()) {
            ownByResource.computeIfAbsent(resource(record.kind(), record.resource()), k -> new ArrayList<>())
                    .add(record);
        }
        ownByResource.replaceAll((resource, records) -> records.stream()
                .sorted(Comparator.comparing(KeyRecord::key)).toList());
    }

    String stack() {
        return stack;
    }

    /** This stack's records, by key. */
    Map<KeyPath, KeyRecord> own() {
        return own;
    }

    /** The mod revision of {@code etcdKey} when it was read (0: absent); empty when it was not read. */
    OptionalLong revision(String etcdKey) {
        Long revision = revisions.get(etcdKey);
        if (revision != null) {
            return OptionalLong.of(revision);
        }
        for (int slash = etcdKey.indexOf('/'); slash >= 0; slash = etcdKey.indexOf('/', slash + 1)) {
            if (ranges.contains(etcdKey.substring(0, slash + 1))) {
                return OptionalLong.of(0);
            }
        }
        return OptionalLong.empty();
    }

    /** Whether {@code key} held a value. */
    boolean has(KeyPath key) {
        return digests.containsKey(key);
    }

    /** The SHA-256 (hex) of the value {@code key} held, if it held one. */
    Optional<String> digest(KeyPath key) {
        return Optional.ofNullable(digests.get(key));
    }

    Optional<KeyRecord> own(KeyPath key) {
        return Optional.ofNullable(own.get(key));
    }

    /** Another stack's record of {@code key}, if one claims it. */
    Optional<KeyRecord> other(KeyPath key) {
        return Optional.ofNullable(others.get(key));
    }

    /** This stack's records of one resource, in key order. */
    List<KeyRecord> ownOf(String kind, String name) {
        return ownByResource.getOrDefault(resource(kind, name), List.of());
    }

    /** Keys with a value under {@code prefix} that this stack holds no record of, in key order. */
    List<KeyPath> foreignUnder(KeyPath prefix) {
        List<KeyPath> foreign = new ArrayList<>();
        for (KeyPath key : digests.tailMap(prefix, false).keySet()) {
            if (!key.text().startsWith(prefix.text())) {
                break;
            }
            if (key.isUnder(prefix) && !own.containsKey(key)) {
                foreign.add(key);
            }
        }
        return foreign;
    }

    /** This observation as the committed {@code transactions}, in the order they committed, left things. */
    Observation after(List<Committed> transactions, KeyLayout layout) {
        Map<String, Long> newRevisions = new HashMap<>(revisions);
        Map<KeyPath, String> newDigests = new HashMap<>(digests);
        Map<KeyPath, KeyRecord> newOwn = new HashMap<>(own);
        for (Committed transaction : transactions) {
            for (KeyWrite write : transaction.writes()) {
                newRevisions.put(write.target(layout, stack), write.isDelete() ? 0L : transaction.revision());
                if (write instanceof KeyWrite.PutData put) {
                    newDigests.put(put.key(), put.value().sha256());
                } else if (write instanceof KeyWrite.DeleteData) {
                    newDigests.remove(write.key());
                } else if (write instanceof KeyWrite.PutRecord put) {
                    newOwn.put(put.key(), put.record());
                } else {
                    newOwn.remove(write.key());
                }
            }
        }
        return new Observation(stack, newRevisions, List.copyOf(ranges), newDigests, newOwn, others);
    }

    private static String resource(String kind, String name) {
        return kind + '\0' + name;
    }

    @Override
    public String toString() {
        return "Observation[stack=" + stack + ", " + revisions.size() + " keys read]";
    }
}
