package dev.plumbline.provider.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of one stack as this process last read or wrote them: by managed path, by resource name, and
 * by record file together with that file's {@link Stamp}, so that a record whose file has not changed is not
 * read and parsed again. It is <em>complete</em> once a walk of the stack's ledger directory has filled it
 * ({@link RecordStore#load}); before that it holds only records looked up one by one. Lookups by resource
 * name are answered from memory, so callers that act on the answer check the record on disk first.
 */
final class StackRecords {

    /**
     * One version of a record file: its identity (the inode), size and modification time. Every write
     * renames a new file into place, so a rewrite by anyone changes the identity even within one clock tick.
     */
    record Stamp(Object fileKey, long size, FileTime modified) {

        static Stamp of(BasicFileAttributes attributes) {
            return new Stamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
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

    private final String stack;
    private final Map<RelativePath, Known> byLocation = new HashMap<>();
    private final Map<RelativePath, Known> byPath = new HashMap<>();
    private final Map<String, Set<RelativePath>> byResource = new HashMap<>();
    private boolean complete;

    StackRecords(String stack) {
        this.stack = Objects.requireNonNull(stack, "stack");
    }

    String stack() {
        return stack;
    }

    synchronized boolean complete() {
        return complete;
    }

    synchronized Optional<FileRecord> at(RelativePath path) {
        return Optional.ofNullable(byPath.get(path)).map(Known::record);
    }

    /**
     * The records of one resource (by name), in path order. A resource normally has one; it briefly has two
     * while its file moves (the new path is recorded before the old one is removed), and a crash in between
     * leaves both, which the next apply of that resource cleans up.
     */
    synchronized List<FileRecord> of(String resource) {
        List<FileRecord> found = new ArrayList<>();
        for (RelativePath path : byResource.getOrDefault(resource, Set.of())) {
            found.add(byPath.get(path).record());
        }
        return found;
    }

    /** The record last seen in {@code location}, if the file there still has {@code stamp}. */
    synchronized Optional<FileRecord> unchanged(RelativePath location, Stamp stamp) {
        return Optional.ofNullable(byLocation.get(location)).filter(known -> known.stamp().equals(stamp))
                .map(Known::record);
    }

    synchronized void put(Known known) {
        forget(known.location());
        byLocation.put(known.location(), known);
        byPath.put(known.record().path(), known);
        byResource.computeIfAbsent(known.record().resource(), name -> new TreeSet<>()).add(known.record().path());
    }

    synchronized void forget(RelativePath location) {
        Known gone = byLocation.remove(location);
        if (gone == null) {
            return;
        }
        byPath.remove(gone.record().path());
        Set<RelativePath> paths = byResource.get(gone.record().resource());
        paths.remove(gone.record().path());
        if (paths.isEmpty()) {
            byResource.remove(gone.record().resource());
        }
    }

    /** Replaces everything with what one walk of the ledger directory found; the view is complete after. */
    synchronized void reset(Collection<Known> found) {
        byLocation.clear();
        byPath.clear();
        byResource.clear();
        found.forEach(this::put);
        complete = true;
    }
}
