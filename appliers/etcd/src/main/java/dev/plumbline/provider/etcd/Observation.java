package dev.plumbline.provider.etcd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one observe read for one stack, kept beside the live objects (never in their state) so that the
 * apply of the plan made from them can check nothing changed in between ({@link ObservedRuns}): the mod
 * revision of every etcd key read (0 for a key read and found absent, including every key under a prefix
 * read as a range), the SHA-256 of every data value (never the value: it is kept as long as the plan is,
 * and may be a secret), the stack's own provenance records and the records of other stacks. After a
 * successful transaction {@link #after} gives the observation as the transaction left things, so that a
 * second apply of the same plan (a retry, a test) compares against what this provider itself wrote.
 */
record Observation(String stack, Map<String, Long> revisions, List<String> ranges, Map<KeyPath, String> digests,
                   Map<KeyPath, KeyRecord> own, Map<KeyPath, KeyRecord> others) {

    Observation {
        Objects.requireNonNull(stack, "stack");
        revisions = Map.copyOf(revisions);
        ranges = List.copyOf(ranges);
        digests = Map.copyOf(digests);
        own = Map.copyOf(own);
        others = Map.copyOf(others);
    }

    /** The mod revision of {@code etcdKey} when it was read (0: absent); empty when it was not read. */
    OptionalLong revision(String etcdKey) {
        Long revision = revisions.get(etcdKey);
        if (revision != null) {
            return OptionalLong.of(revision);
        }
        return ranges.stream().anyMatch(etcdKey::startsWith) ? OptionalLong.of(0) : OptionalLong.empty();
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
        return own.values().stream().filter(record -> record.isOf(kind, name))
                .sorted(Comparator.comparing(KeyRecord::key)).toList();
    }

    /** Keys with a value under {@code prefix} that this stack holds no record of, in key order. */
    List<KeyPath> foreignUnder(KeyPath prefix) {
        List<KeyPath> foreign = new ArrayList<>();
        for (KeyPath key : digests.keySet()) {
            if (key.isUnder(prefix) && !own.containsKey(key)) {
                foreign.add(key);
            }
        }
        foreign.sort(Comparator.naturalOrder());
        return foreign;
    }

    /** This observation as a committed transaction at {@code revision} left things. */
    Observation after(List<KeyWrite> writes, KeyLayout layout, long revision) {
        Map<String, Long> newRevisions = new HashMap<>(revisions);
        Map<KeyPath, String> newDigests = new HashMap<>(digests);
        Map<KeyPath, KeyRecord> newOwn = new HashMap<>(own);
        for (KeyWrite write : writes) {
            newRevisions.put(write.target(layout, stack), write.isDelete() ? 0L : revision);
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
        return new Observation(stack, newRevisions, ranges, newDigests, newOwn, others);
    }

    @Override
    public String toString() {
        return "Observation[stack=" + stack + ", " + revisions.size() + " keys read]";
    }
}
