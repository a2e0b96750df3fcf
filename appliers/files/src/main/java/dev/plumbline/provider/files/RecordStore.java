package dev.plumbline.provider.files;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.provider.ownership.OwnedByAnotherStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stacks' ledgers on disk: one {@link FileRecord} per managed file, each in a small file of its own
 * at a path that mirrors the managed one ({@link RecordLayout}), written with {@link AtomicFile} through
 * {@link RootDirectory} like any managed file. Writing or removing a record touches that one file, whatever
 * the size of the ledger; reading a whole ledger is one walk of its directory; asking whether another stack
 * owns a path is one look-up per stack.
 *
 * <p>What this process read or wrote is kept per stack ({@link StackRecords}) and reused only while the
 * record file's stamp (identity, size, modification time) is unchanged, so a record written by another
 * process (the CLI, a person) is always read afresh.
 */
final class RecordStore {

    /** The mode of the record of a file whose content came from a secret. */
    static final FileMode SENSITIVE_RECORD = new FileMode(0600);

    /** The group and other read bits, which a record has only where its file has them. */
    private static final int READ_BY_OTHERS = 0044;

    private final RootDirectory root;
    private final BatchIntents intents;
    private final DurableWrites writes;
    private final Map<String, StackRecords> known = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();
    private final AtomicLong walks = new AtomicLong();

    RecordStore(RootDirectory root, BatchIntents intents, DurableWrites writes) {
        this.root = root;
        this.intents = intents;
        this.writes = writes;
    }

    /** The stacks that keep a ledger under this root, sorted. */
    List<String> stacks() throws IOException {
        root.sweep(RecordLayout.STACKS);
        return ledgers();
    }

    /** As {@link #stacks()}, only reading: temporary files a crash left behind stay where they are. */
    List<String> ledgers() throws IOException {
        Set<String> stacks = new TreeSet<>();
        for (RootDirectory.Entry entry : root.entries(RecordLayout.STACKS)) {
            if (entry.directory() && RecordLayout.isStack(entry.name())) {
                stacks.add(entry.name());
            }
        }
        return List.copyOf(stacks);
    }

    /** Every record of {@code stack}, by one walk of its ledger directory; unchanged files are not parsed again. */
    StackRecords load(String stack) throws IOException {
        walks.incrementAndGet();
        stacks();
        StackRecords records = of(stack);
        StackRecords.Walk walk = records.walk();
        RelativePath ledger = RecordLayout.directory(stack);
        List<RelativePath> changed = new ArrayList<>();
        List<BasicFileAttributes> stamps = new ArrayList<>();
        root.walkParallel(ledger, (place, attributes) -> {
            if (place.endsWith(RecordLayout.SUFFIX) && !walk.unchanged(place, StackRecords.Stamp.of(attributes))) {
                synchronized (changed) {
                    changed.add(RelativePath.of(ledger + "/" + place));
                    stamps.add(attributes);
                }
            }
        });
        // the records to read (all of them, the first time): many at once on as many cores as there are
        StackRecords.Known[] read = new StackRecords.Known[changed.size()];
        Parallel.forEach(read.length, Parallel.FILES,
                index -> read[index] = known(records, changed.get(index), stamps.get(index)).orElse(null));
        for (StackRecords.Known known : read) {
            if (known != null) {
                walk.found(known);
            }
        }
        walk.finish();
        return records;
    }

    /**
     * The records of {@code stack} with those at {@code paths} and those of the resources {@code names} checked
     * on disk now, one look-up each (a record whose file is unchanged is not parsed again), for a caller that
     * asks about only these. Where this process has not walked the ledger yet, or where a walk is about as cheap
     * (the look-ups would be more than an eighth of the ledger), it walks it ({@link #load}). Either way the
     * records asked about are as on disk now; the rest are as this process last saw them.
     */
    StackRecords load(String stack, Collection<RelativePath> paths, Collection<String> names) throws IOException {
        StackRecords records = of(stack);
        if (!records.complete() || (paths.size() + names.size()) * 8L > records.size()) {
            return load(stack);
        }
        Set<RelativePath> check = new LinkedHashSet<>(paths);
        for (String name : names) {
            records.of(name).forEach(record -> check.add(record.path()));
        }
        for (RelativePath path : check) {
            current(records, RecordLayout.record(stack, path)).ifPresent(records::put);
        }
        return records;
    }

    /**
     * Every record in the ledger of {@code stack}, in path order, by one walk of its directory that only
     * reads: nothing is swept, and what this process remembers of the ledger is left as it was.
     */
    List<FileRecord> scan(String stack) throws IOException {
        StackRecords records = of(stack);
        List<FileRecord> found = new ArrayList<>();
        RelativePath ledger = RecordLayout.directory(stack);
        root.walk(ledger, (place, attributes) -> {
            if (place.endsWith(RecordLayout.SUFFIX)) {
                known(records, RelativePath.of(ledger + "/" + place), attributes)
                        .ifPresent(known -> found.add(known.record()));
            }
        });
        found.sort(Comparator.comparing(FileRecord::path));
        return found;
    }

    /** The records of {@code stack} as this process knows them, loaded by a walk the first time. */
    StackRecords known(String stack) throws IOException {
        StackRecords records = of(stack);
        return records.complete() ? records : load(stack);
    }

    /** The record of {@code path} in the ledger of {@code stack}, as it is on disk now. */
    Optional<FileRecord> read(String stack, RelativePath path) throws IOException {
        RelativePath location = RecordLayout.record(stack, path);
        Optional<StackRecords.Known> found = current(of(stack), location);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        FileRecord record = found.get().record();
        if (!record.path().equals(path)) {
            throw new StalledException(Reasons.PATH_CONFLICT, "the ownership record " + root.resolve(location) + " is for '"
                    + record.path() + "', so it cannot also record '" + path + "' (two very long file names that"
                    + " share their first 230 bytes and a hash); rename one of the two files");
        }
        return Optional.of(record);
    }

    /**
     * Who else may own a path, as seen now: the stacks with a ledger under the root, and the paths that other
     * stacks' outstanding batch intents name ({@link BatchIntents#others}). Taken once for many look-ups.
     */
    record Claims(String stack, List<String> stacks, Map<RelativePath, FileRecord> intended) {
    }

    /** The {@link Claims} against {@code stack}. */
    Claims claims(String stack) throws IOException {
        return new Claims(stack, stacks(), intents.others(stack));
    }

    /**
     * The record of the first stack other than {@code claims.stack()} that owns {@code path}: its record, or else
     * the pending record of an outstanding batch intent of that stack.
     */
    Optional<FileRecord> claim(Claims claims, RelativePath path) throws IOException {
        for (String other : claims.stacks()) {
            if (!other.equals(claims.stack())) {
                Optional<FileRecord> record = read(other, path);
                if (record.isPresent()) {
                    return record;
                }
            }
        }
        return Optional.ofNullable(claims.intended().get(path));
    }

    /** Refuses {@code path} when a stack other than {@code claims.stack()} owns it ({@link #claim}). */
    void refuseOthers(Claims claims, RelativePath path) throws IOException {
        Optional<FileRecord> claim = claim(claims, path);
        if (claim.isPresent()) {
            String where = claim.get() == claims.intended().get(path)
                    ? "an unfinished batch of it, under " + root.resolve(BatchIntents.directory(claim.get().stack()))
                    : "its record " + location(claim.get().stack(), path);
            throw new OwnedByAnotherStack(path + " is owned by stack '" + claim.get().stack() + "' (" + where
                    + " names File " + claim.get().resource() + ")", "a file");
        }
    }

    /**
     * Settles what batches of {@code stack} left outstanding (a crash or a failure came before their records
     * were all written; see {@link BatchIntents}): every file an intent names that exists gets the intent's
     * pending record, unless its record is already the final one the batch wrote, and the intent is removed; so
     * each file is recorded as the one-at-a-time order would have left it at that point (a file rewritten in
     * place is recorded as pending from the new revision, and completed when it is found as desired). A record
     * that cannot be read is replaced too: the batch was writing it. Only writers call this, before they write (under the stack's lease,
     * so no batch of the stack is under way anywhere else); a plan only reads the intents
     * ({@link #intended}), as {@link FileObserver} does.
     */
    void recover(String stack) throws IOException {
        for (RelativePath intent : intents.outstanding(stack)) {
            for (FileRecord entry : intents.read(stack, intent)) {
                Optional<PosixFileAttributes> file;
                try {
                    file = root.inspect(entry.path());
                } catch (StalledException notAFile) {
                    continue; // a directory or a link took the path: nothing of the batch is there
                }
                if (file.isEmpty()) {
                    continue;
                }
                Optional<FileRecord> current;
                try {
                    current = read(stack, entry.path());
                } catch (TransientException unreadable) {
                    if (!Reasons.LEDGER_UNREADABLE.equals(unreadable.reason())) {
                        throw unreadable;
                    }
                    current = Optional.empty();
                }
                if (current.isEmpty() || !current.get().equals(entry.applied())) {
                    write(entry, FileMode.of(file.get().permissions()));
                }
            }
            intents.remove(intent);
        }
    }

    /** The pending records in the outstanding batch intents of {@code stack}, only reading. */
    Map<RelativePath, FileRecord> intended(String stack) throws IOException {
        return intents.entries(stack);
    }

    /** Records, durably, the intent to write the files of {@code pending}; see {@link BatchIntents}. */
    RelativePath intend(String stack, List<FileRecord> pending) throws IOException {
        return intents.write(stack, pending);
    }

    /** Removes a batch intent whose files are all recorded. */
    void done(RelativePath intent) throws IOException {
        intents.remove(intent);
    }

    /**
     * Replaces the record of {@code record.path()}, a file of mode {@code fileMode}, atomically (the record is
     * durable when this returns), with the mode {@link #mode} gives it.
     */
    void write(FileRecord record, FileMode fileMode) throws IOException {
        RelativePath location = RecordLayout.record(record.stack(), record.path());
        BasicFileAttributes written = AtomicFile.write(root.prepare(location),
                RecordYaml.write(record).getBytes(StandardCharsets.UTF_8), mode(record, fileMode).permissions());
        of(record.stack()).put(new StackRecords.Known(record, location, StackRecords.Stamp.of(written)));
    }

    /**
     * As {@link #write} for many records at once ({@code fileModes} in the same order): each is atomic, and all
     * are durable when this returns ({@link DurableWrites}).
     */
    void writeAll(List<FileRecord> all, List<FileMode> fileModes) throws IOException {
        List<RelativePath> locations = new ArrayList<>(all.size());
        for (FileRecord record : all) {
            locations.add(RecordLayout.record(record.stack(), record.path()));
        }
        List<Path> targets = root.prepareAll(locations);
        List<DurableWrites.Write> batch = new ArrayList<>(all.size());
        for (int index = 0; index < all.size(); index++) {
            FileRecord record = all.get(index);
            batch.add(new DurableWrites.Write(targets.get(index), RecordYaml.write(record)
                    .getBytes(StandardCharsets.UTF_8), mode(record, fileModes.get(index)).permissions()));
        }
        List<BasicFileAttributes> written;
        try {
            written = writes.writeAll(batch);
        } catch (DurableWrites.Failed e) { // named after the file the record is for, as a write alone names it
            int index = targets.indexOf(e.target());
            throw index < 0 ? e : new DurableWrites.Failed(root.resolve(all.get(index).path()), e.error());
        }
        for (int index = 0; index < all.size(); index++) {
            FileRecord record = all.get(index);
            of(record.stack()).put(new StackRecords.Known(record, locations.get(index),
                    StackRecords.Stamp.of(written.get(index))));
        }
    }

    /**
     * The mode of {@code record}, of a file of mode {@code fileMode}: a record is no more readable than the file
     * it describes, since it names the file's stack, commit, hash, labels and annotations. So it is 0644 without
     * the group and other read bits the file lacks (a 0600 file has a 0600 record, a 0640 file a 0640 one, a
     * 0755 file a 0644 one), and always 0600 when the content came from a secret.
     */
    static FileMode mode(FileRecord record, FileMode fileMode) {
        if (record.owner().sensitive()) {
            return SENSITIVE_RECORD;
        }
        return new FileMode(FileMode.DEFAULT.bits() & ~(READ_BY_OTHERS & ~fileMode.bits()));
    }

    /** Removes the record of {@code path}, and the record directories left empty. */
    void remove(String stack, RelativePath path) throws IOException {
        RelativePath location = RecordLayout.record(stack, path);
        root.remove(location);
        of(stack).forget(location);
    }

    /** Where the record of {@code path} in the ledger of {@code stack} is on disk, for messages. */
    Path location(String stack, RelativePath path) {
        return root.resolve(RecordLayout.record(stack, path));
    }

    private StackRecords of(String stack) {
        return known.computeIfAbsent(stack, StackRecords::new);
    }

    /**
     * The record in the file {@code location} as it is on disk now, by an inspection of its way (from memory if
     * the file is unchanged); a record whose file is gone is forgotten.
     */
    private Optional<StackRecords.Known> current(StackRecords records, RelativePath location) throws IOException {
        Optional<PosixFileAttributes> attributes = root.inspect(location);
        Optional<StackRecords.Known> found = attributes.isEmpty() ? Optional.empty()
                : known(records, location, attributes.get());
        if (found.isEmpty()) {
            records.forget(location);
        }
        return found;
    }

    /**
     * The record in the file {@code location}, whose {@code attributes} a walk of the ledger or an inspection of
     * its way just read: from memory if the file is unchanged; empty if it is gone.
     */
    private Optional<StackRecords.Known> known(StackRecords records, RelativePath location,
                                               BasicFileAttributes attributes) throws IOException {
        StackRecords.Stamp stamp = StackRecords.Stamp.of(attributes);
        Optional<FileRecord> unchanged = records.unchanged(location, stamp);
        if (unchanged.isPresent()) {
            return Optional.of(new StackRecords.Known(unchanged.get(), location, stamp));
        }
        Optional<byte[]> bytes = root.bytes(location, attributes); // attributes: from a walk or an inspection
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        FileRecord record = parse(records.stack(), location, FileContent.read(bytes.get()).text());
        RelativePath expected = RecordLayout.record(records.stack(), record.path());
        if (!expected.equals(location)) {
            throw unreadable(records.stack(), location, "it records '" + record.path() + "', whose record belongs at "
                    + root.resolve(expected) + "; move it there, or remove it", null);
        }
        return Optional.of(new StackRecords.Known(record, location, stamp));
    }

    /** How many times this store has walked a ledger to load it ({@link #load(String)}): for tests. */
    long walks() {
        return walks.get();
    }

    /** How many records this store has parsed: for tests that check an unchanged record is not parsed again. */
    long parses() {
        return parses.get();
    }

    private FileRecord parse(String stack, RelativePath location, String text) {
        parses.incrementAndGet();
        try {
            return RecordYaml.read(stack, root.resolve(location).toString(), text);
        } catch (IllegalArgumentException e) {
            throw unreadable(stack, location, e.getMessage() + "; fix it, or remove it if the stack does not own that"
                    + " file", e);
        }
    }

    private TransientException unreadable(String stack, RelativePath location, String why, Exception cause) {
        return new TransientException(Reasons.LEDGER_UNREADABLE, "the ownership record " + root.resolve(location)
                + " of stack '" + stack + "' cannot be read: " + why, cause);
    }
}
