package dev.plumbline.provider.files;

import dev.plumbline.model.Values;
import dev.plumbline.provider.ownership.OwnershipRecord;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The records of one stack as this process last read or wrote them, by record file together with that file's
 * {@link Stamp}, so that a record whose file has not changed is not read and parsed again, and by resource name.
 * It is <em>complete</em> once a walk of the stack's ledger directory has filled it ({@link RecordStore#load});
 * before that it holds only records looked up one by one. Lookups by resource name are answered from memory, so
 * callers that act on the answer check the record on disk first.
 *
 * <p>A stack may hold 100,000 records for as long as the agent runs, so each is kept small ({@link Entry}): the
 * fields as primitives and shared instances (one stack name per stack, the revision and time of one apply shared
 * by all the records it wrote, no labels where there are none), the hash as 32 bytes, the stamp as three numbers,
 * and the record's file name only, keyed by its place in the ledger. A {@link FileRecord} is made from it when
 * asked for.
 */
final class StackRecords {

    /**
     * One version of a record file: its identity (a hash of its device and inode, which tells inodes apart on
     * one device while inode numbers fit in 32 bits, as on ext4), size and modification time in nanoseconds.
     * Every write renames a new file into place, so a rewrite by anyone changes the identity even within one
     * clock tick.
     */
    record Stamp(int fileKey, long size, long modified) {

        static Stamp of(BasicFileAttributes attributes) {
            return new Stamp(Objects.hashCode(attributes.fileKey()), attributes.size(),
                    attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    /** A record, the file it was read from or written to, and that file's stamp then. */
    record Known(FileRecord record, RelativePath location, Stamp stamp) {

        Known {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(stamp, "stamp");
        }
    }

    /**
     * One record as kept in memory. {@code path} is null where it is the record's place less {@code .yaml};
     * {@code sha256} is its 32 bytes when the record holds 64 lower-case hex digits, else the text as read
     * (a record edited by hand), and null when there is none.
     */
    private record Entry(String place, String path, String resource, String revision, Instant appliedAt,
                         Object sha256, RecordedMetadata metadata, byte flags, int fileKey, long size, long modified) {

        static final byte CREATED = 1;
        static final byte PENDING = 2;
        static final byte SENSITIVE = 4;

        String managedPath() {
            return path != null ? path : place.substring(0, place.length() - RecordLayout.SUFFIX.length());
        }

        boolean has(Stamp stamp) {
            return fileKey == stamp.fileKey() && size == stamp.size() && modified == stamp.modified();
        }
    }

    private final String stack;
    /** The length of {@code .plumbline/stacks/<stack>/}, which every record's place under the root starts with. */
    private final int ledgerPrefix;
    private final Map<String, Entry> byPlace = new HashMap<>();
    /** An {@link Entry}, or an {@code Entry[]} for a resource with several records (a move under way). */
    private final Map<String, Object> byResource = new HashMap<>();
    private boolean complete;

    StackRecords(String stack) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.ledgerPrefix = RecordLayout.directory(stack).toString().length() + 1;
    }

    String stack() {
        return stack;
    }

    synchronized boolean complete() {
        return complete;
    }

    /** How many records this process knows of. */
    synchronized int size() {
        return byPlace.size();
    }

    /** The record of the managed file {@code path}, if this process knows of one. */
    synchronized Optional<FileRecord> at(RelativePath path) {
        Entry entry = byPlace.get(RecordLayout.place(path));
        return entry == null ? Optional.empty() : Optional.of(record(entry));
    }

    /**
     * The records of one resource (by name), in path order. A resource normally has one; it briefly has two
     * while its file moves (the new path is recorded before the old one is removed), and a crash in between
     * leaves both, which the next apply of that resource cleans up.
     */
    synchronized List<FileRecord> of(String resource) {
        Object found = byResource.get(resource);
        if (found == null) {
            return List.of();
        }
        if (found instanceof Entry entry) {
            return List.of(record(entry));
        }
        List<FileRecord> records = new ArrayList<>();
        for (Entry entry : (Entry[]) found) {
            records.add(record(entry));
        }
        records.sort((one, other) -> one.path().compareTo(other.path()));
        return records;
    }

    /** The record last seen in {@code location}, if the file there still has {@code stamp}. */
    synchronized Optional<FileRecord> unchanged(RelativePath location, Stamp stamp) {
        Entry entry = byPlace.get(place(location));
        return entry != null && entry.has(stamp) ? Optional.of(record(entry)) : Optional.empty();
    }

    synchronized void put(Known known) {
        put(known, new HashMap<>());
    }

    synchronized void forget(RelativePath location) {
        forget(place(location));
    }

    /** Starts a walk of the stack's ledger directory, which replaces what is known when it is finished. */
    Walk walk() {
        return new Walk();
    }

    /**
     * One walk of the ledger directory: every record file found is either {@link #unchanged} (its entry is
     * kept as it is) or read and {@link #found}; {@link #finish} then forgets the records whose files are gone,
     * and the view is complete. A walk that found nothing new leaves the view as it was.
     */
    final class Walk {

        private final Map<String, Entry> seen = new HashMap<>();
        private final Map<Object, Object> shared = new HashMap<>();
        private boolean changed;

        private Walk() {
        }

        /** Whether the record file at {@code place} in the ledger still has {@code stamp}; if so it is kept. */
        boolean unchanged(String place, Stamp stamp) {
            synchronized (StackRecords.this) {
                Entry entry = byPlace.get(place);
                if (entry == null || !entry.has(stamp)) {
                    return false;
                }
                seen.put(place, entry);
                return true;
            }
        }

        /** A record read afresh. */
        void found(Known known) {
            Entry entry = entry(known, shared);
            seen.put(entry.place(), entry);
            changed = true;
        }

        void finish() {
            synchronized (StackRecords.this) {
                if (changed || seen.size() != byPlace.size()) {
                    byPlace.clear();
                    byResource.clear();
                    seen.values().forEach(StackRecords.this::index);
                }
                complete = true;
            }
        }
    }

    /** Keeps {@code known}, sharing the values it has in common with others through {@code shared}. */
    private void put(Known known, Map<Object, Object> shared) {
        Entry entry = entry(known, shared);
        forget(entry.place());
        index(entry);
    }

    private void index(Entry entry) {
        byPlace.put(entry.place(), entry);
        byResource.merge(entry.resource(), entry, (one, other) -> {
            Entry[] before = one instanceof Entry single ? new Entry[] {single} : (Entry[]) one;
            Entry[] after = java.util.Arrays.copyOf(before, before.length + 1);
            after[before.length] = entry;
            return after;
        });
    }

    /** The entry that keeps {@code known}, sharing what it has in common with others through {@code shared}. */
    private Entry entry(Known known, Map<Object, Object> shared) {
        String place = place(known.location());
        FileRecord record = known.record();
        OwnershipRecord owner = record.owner();
        String path = record.path().toString();
        byte flags = (byte) ((owner.created() ? Entry.CREATED : 0) | (record.pending() ? Entry.PENDING : 0)
                | (owner.sensitive() ? Entry.SENSITIVE : 0));
        // the resource's name as its desired resource keeps it (Values#shared): one copy of it in the agent
        return new Entry(place, place.equals(path + RecordLayout.SUFFIX) ? null : path,
                Values.shared(record.resource()),
                share(shared, owner.revision()), share(shared, owner.appliedAt()),
                owner.sha256().map(StackRecords::compact).orElse(null),
                owner.metadata().isEmpty() ? RecordedMetadata.NONE : owner.metadata(), flags,
                known.stamp().fileKey(), known.stamp().size(), known.stamp().modified());
    }

    private void forget(String place) {
        Entry gone = byPlace.remove(place);
        if (gone == null) {
            return;
        }
        Object found = byResource.get(gone.resource());
        if (found == gone) {
            byResource.remove(gone.resource());
        } else if (found instanceof Entry[] several) {
            List<Entry> left = new ArrayList<>(List.of(several));
            left.remove(gone);
            byResource.put(gone.resource(), left.size() == 1 ? left.get(0) : left.toArray(Entry[]::new));
        }
    }

    private FileRecord record(Entry entry) {
        Optional<String> sha256 = entry.sha256() == null ? Optional.empty()
                : Optional.of(entry.sha256() instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
                : (String) entry.sha256());
        OwnershipRecord owner = new OwnershipRecord(stack, entry.revision(), entry.appliedAt(), sha256,
                (entry.flags() & Entry.CREATED) != 0, (entry.flags() & Entry.SENSITIVE) != 0, entry.metadata());
        return new FileRecord(RelativePath.of(entry.managedPath()), entry.resource(), owner,
                (entry.flags() & Entry.PENDING) != 0);
    }

    /** The place of a record in this stack's ledger: its path under the root less {@code .plumbline/stacks/<stack>/}. */
    private String place(RelativePath location) {
        return location.toString().substring(ledgerPrefix);
    }

    /** A SHA-256 in hex as its 32 bytes, when it is one in the form records are written in; else as it is. */
    private static Object compact(String sha256) {
        if (sha256.length() != 64) {
            return sha256;
        }
        for (int index = 0; index < sha256.length(); index++) {
            char c = sha256.charAt(index);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return sha256;
            }
        }
        return HexFormat.of().parseHex(sha256);
    }

    /** One instance of equal values among those kept together (revisions and times of records written at once). */
    @SuppressWarnings("unchecked")
    private static <T> T share(Map<Object, Object> shared, T value) {
        return (T) shared.computeIfAbsent(value, same -> same);
    }
}
