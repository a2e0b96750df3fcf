package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.plan.Action;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes and removes files for one stack, ownership first: the file's record is written (pending) before
 * the file and completed after, and on removal the file goes before its record. A crash at any point
 * therefore leaves every file this stack wrote with a record that lets a later prune find it. Each write
 * reads and writes the records of the paths it touches only, so its cost does not grow with the number of
 * files the stack manages. A change of labels or annotations alone rewrites the record only, since that is
 * where a file keeps them. Writes are serialised per provider, so one stack's clean-up of temporary files
 * never meets another stack's write in progress. A write the disk has no room for fails as {@code DiskFull}
 * ({@link DiskFull}), leaving the file as it was.
 */
final class FileApplier {

    private final RootDirectory root;
    private final RecordStore records;
    private final BatchWriter batches;

    FileApplier(RootDirectory root, RecordStore records, BatchWriter batches) {
        this.root = root;
        this.records = records;
        this.batches = batches;
    }

    /**
     * Applies {@code changes} in order, with the same outcome as {@link #apply} and {@link #delete} one by one,
     * but writing each stretch of plain writes as one batch ({@link BatchWriter}): a new file, or a file this
     * stack already records for the same resource at the same path. A move, a rename, a path another resource
     * of the stack records, and a removal go one at a time, in their place, after the batch before them.
     */
    synchronized List<ApplyResult> applyBatch(List<Change> changes, ApplyContext context) {
        List<ApplyResult> results = new ArrayList<>(changes.size());
        try {
            records.recover(context.stack());
            BatchWriter.Batch batch = batches.begin(context);
            for (Change change : changes) {
                if (change.action() != Action.DELETE && batch.add(change)) {
                    continue;
                }
                results.addAll(batch.flush());
                results.add(change.action() == Action.DELETE ? delete(change, context) : apply(change, context));
            }
            results.addAll(batch.flush());
        } catch (DurableWrites.Failed e) {
            throw failed("write", e.error(), e.target());
        } catch (IOException e) {
            throw failed("write", e, root.root());
        }
        return results;
    }

    synchronized ApplyResult apply(Change change, ApplyContext context) {
        Resource desired = desired(change);
        FileSpec spec = spec(desired);
        try {
            records.recover(context.stack());
            return write(spec, RecordedMetadata.of(desired), change.key().name(), context);
        } catch (IOException e) {
            throw failed("write", e, root.resolve(spec.path()));
        }
    }

    synchronized ApplyResult delete(Change change, ApplyContext context) {
        try {
            records.recover(context.stack());
            return remove(change, context.stack());
        } catch (IOException e) {
            throw failed("remove", e, root.root());
        }
    }

    /**
     * The file of {@code change} is live as desired: a record of it still marked pending (a crash came between
     * writing the file and completing its record) is completed. Nothing else is touched.
     */
    synchronized void settle(Change change, ApplyContext context) {
        Resource desired = change.desired().orElseThrow();
        FileSpec spec;
        try {
            spec = FileSpec.of(desired);
        } catch (IllegalArgumentException e) {
            return; // validation refused it already; nothing of ours to settle
        }
        RelativePath path = spec.path();
        try {
            records.recover(context.stack());
            Optional<FileRecord> record = records.read(context.stack(), path);
            if (record.isPresent() && record.get().pending() && record.get().resource().equals(change.key().name())
                    && root.exists(path)) {
                records.write(record.get().applied(), spec.mode());
            }
        } catch (IOException e) {
            throw failed("complete the record of", e, root.resolve(path));
        }
    }

    /**
     * {@code resource} has nothing live left: records of it whose file is gone (a crash came between removing
     * the file and its record) are removed. A record whose file is still there is left alone.
     */
    synchronized void forget(String stack, String resource) {
        try {
            records.recover(stack);
            for (FileRecord record : owned(stack, resource)) {
                if (!root.exists(record.path())) {
                    records.remove(stack, record.path());
                }
            }
        } catch (IOException e) {
            throw failed("drop the records of", e, root.root());
        }
    }

    /**
     * Writes {@code spec}'s record as pending, the file, and the record complete. When the stack already records
     * the file for {@code resource} and it holds the desired bytes and mode (only labels or annotations
     * changed, or a crash came before the record was completed), the file is left untouched, keeping its
     * identity and modification time, and only the record is rewritten.
     */
    private ApplyResult write(FileSpec spec, RecordedMetadata metadata, String resource, ApplyContext context)
            throws IOException {
        String stack = context.stack();
        refuseOtherOwner(stack, spec.path());
        boolean existed = root.exists(spec.path());
        Optional<FileRecord> previous = records.read(stack, spec.path());
        boolean created = previous.map(FileRecord::created).orElse(!existed);
        FileRecord intent = FileRecord.intent(spec, metadata, resource, context, created);
        boolean recordOnly = previous.filter(record -> record.resource().equals(resource)).isPresent()
                && root.holds(spec);

        if (!recordOnly) {
            records.write(intent, spec.mode());
            AtomicFile.write(root.prepare(spec.path()), spec.bytes(), spec.mode().permissions());
        }
        List<String> moves = new ArrayList<>();
        for (FileRecord old : owned(stack, resource)) {
            if (!old.path().equals(spec.path())) {
                boolean removed = old.created() && root.remove(old.path());
                moves.add("moved from " + old.path() + (removed ? " (removed)"
                        : old.created() ? "" : " (left in place: it was adopted, not created)"));
                records.remove(stack, old.path());
            }
        }
        records.write(intent.applied(), spec.mode());

        return result(spec, existed, previous.isPresent(), recordOnly, moves);
    }

    /** What writing {@code spec} did, in words. */
    static ApplyResult result(FileSpec spec, boolean existed, boolean recorded, boolean recordOnly,
                                      List<String> moves) {
        String what = (recordOnly ? "kept " + spec.path() + " as it is (it already holds the desired "
                + spec.content().size() + " bytes and mode " + spec.mode() + ") and rewrote its record"
                : "wrote " + spec.path() + " (mode " + spec.mode() + ", " + spec.content().size() + " bytes)")
                + (existed && !recorded ? "; it existed before, so it is adopted and stays on prune" : "")
                + (moves.isEmpty() ? "" : "; " + String.join("; ", moves));
        return existed ? ApplyResult.updated(what) : ApplyResult.created(what);
    }

    private ApplyResult remove(Change change, String stack) throws IOException {
        String resource = change.key().name();
        Optional<RelativePath> livePath = livePath(change);
        List<FileRecord> owned = owned(stack, resource);
        if (livePath.isPresent() && owned.stream().noneMatch(record -> record.path().equals(livePath.get()))) {
            records.read(stack, livePath.get()).filter(record -> record.resource().equals(resource))
                    .ifPresent(owned::add);
        }
        if (owned.isEmpty()) {
            Optional<FileRecord> successor = livePath.isEmpty() ? Optional.empty()
                    : records.read(stack, livePath.get());
            if (successor.isPresent()) {
                return ApplyResult.skipped(successor.get().path() + " now belongs to File " + successor.get().resource()
                        + " of stack '" + stack + "'; only the old association of " + change.key().display()
                        + " is dropped, the file stays");
            }
            return ApplyResult.skipped("the ledger of stack '" + stack + "' lists no file for "
                    + change.key().display() + "; nothing to remove");
        }
        List<String> removed = new ArrayList<>();
        List<String> released = new ArrayList<>();
        for (FileRecord record : owned) {
            if (record.created()) {
                if (root.remove(record.path())) {
                    removed.add(record.path().toString());
                }
            } else {
                released.add(record.path().toString());
            }
            records.remove(stack, record.path());
        }
        String releasedText = String.join(", ", released) + " was adopted, not created, by stack '" + stack
                + "', so it stays; released it from the ledger";
        if (removed.isEmpty()) {
            return ApplyResult.skipped(released.isEmpty() ? "nothing left to remove for " + change.key().display()
                    : releasedText);
        }
        return ApplyResult.deleted("removed " + String.join(", ", removed)
                + (released.isEmpty() ? "" : "; " + releasedText));
    }

    /**
     * The records of {@code resource} in the stack's ledger, each read again from disk so that a record
     * another process removed or gave to another resource since this process last looked is left alone.
     */
    private List<FileRecord> owned(String stack, String resource) throws IOException {
        List<FileRecord> owned = new ArrayList<>();
        for (FileRecord known : records.known(stack).of(resource)) {
            records.read(stack, known.path()).filter(record -> record.resource().equals(resource))
                    .ifPresent(owned::add);
        }
        return owned;
    }

    /**
     * An I/O failure of {@code doing} {@code path}: {@code DiskFull} when its file system has no room left,
     * else {@code ApplyFailed}; both retried with backoff.
     */
    private RuntimeException failed(String doing, IOException e, Path path) {
        return DiskFull.is(e) ? DiskFull.failure(doing, e, path, root.root())
                : FileFailures.applyFailed(doing, e, path);
    }

    private void refuseOtherOwner(String stack, RelativePath path) throws IOException {
        records.refuseOthers(records.claims(stack), path);
    }

    private static Optional<RelativePath> livePath(Change change) {
        return change.live()
                .map(live -> Values.map(live.state().get("spec")).get("path"))
                .filter(String.class::isInstance)
                .map(path -> RelativePath.parse((String) path));
    }

    /** The File a change writes. */
    static Resource desired(Change change) {
        return change.desired().orElseThrow(() -> new IllegalArgumentException(
                change.action() + " of " + change.key().display() + " carries no desired resource"));
    }

    /** The spec of a File to write; one that does not read is an invalid manifest, at its position. */
    static FileSpec spec(Resource desired) {
        try {
            return FileSpec.of(desired);
        } catch (IllegalArgumentException e) {
            throw FileFailures.invalid(desired, e);
        }
    }
}
