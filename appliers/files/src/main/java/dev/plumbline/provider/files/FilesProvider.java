package dev.plumbline.provider.files;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.BatchProvider;
import dev.plumbline.provider.OwnershipScan;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.SelfRecordingProvider;
import dev.plumbline.provider.StackScope;
import dev.plumbline.provider.WeakIdentityMap;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code files} provider: writes {@code File} resources ({@code files.plumbline.dev/v1}) as plain
 * files under one root directory.
 *
 * <pre>
 * apiVersion: files.plumbline.dev/v1
 * kind: File
 * metadata: { name: site-conf }
 * spec: { path: nginx/site.conf, content: "...", mode: "0644" }   # content: !!binary base64 for bytes
 * </pre>
 *
 * <p><b>Paths.</b> {@code spec.path} is relative to the root; {@code ./} and repeated slashes are
 * normalised away, while absolute paths, {@code ..}, a trailing slash, anything under
 * {@code .plumbline/} and paths no file system can hold ({@link PathLimits}) are refused by
 * {@link #validate}. On disk no symbolic link is ever followed below the root, for reading, writing or
 * removing: a link on the way is a {@code UnsafePath} failure.
 * {@code mode} defaults to {@code "0644"} and is always shown with four digits.
 *
 * <p><b>Ownership and provenance.</b> Each stack keeps a ledger under the root, the directory
 * {@code <root>/.plumbline/stacks/<stack>/}, with one small YAML record per file it manages at a path that
 * mirrors the file's: {@code nginx/site.conf} is recorded in {@code .plumbline/stacks/web/nginx/site.conf.yaml}.
 * A record names the path, the stack, the resource, the revision and time it was applied, the SHA-256 of the
 * content written (none for content from a secret), whether the stack created the file or adopted one that was
 * already there, and the File's labels and annotations. The records are the files' provenance (a file cannot
 * carry an annotation), readable with {@code cat} and {@code grep}, and are what {@link #observe} reports as
 * {@link LiveObject#provenance()}. A record is no more readable than its file: 0644 without the group and
 * other read bits the file's mode lacks, and 0600 for content from a secret ({@link RecordStore#mode}).
 * Writes record the file (as pending) before writing it and complete the record after; as a
 * {@link BatchProvider} it writes runs of plain writes in batches, with one durable intent for a batch in place
 * of a pending record per file ({@link BatchIntents}), settled into pending records by the next read of the
 * ledger if the batch was cut short. Removals take the file away before its record.
 * So a crash never leaves a file the stack wrote without a record that lets a later prune find it, and at
 * worst leaves a record whose file is missing, which observe treats as nothing live. As a
 * {@link SelfRecordingProvider} it then settles what a crash left: a record whose file is gone is dropped
 * when the engine forgets the key, and a record still pending over a file written as desired is completed.
 * As an {@link OwnershipScan} it lists, from the ledgers alone, what each stack owns ({@link LedgerScan}).
 *
 * <p><b>Cost.</b> Writing or removing one file reads and writes that file's record only (plus one look-up
 * per other stack under the root, to refuse a file another stack owns), so a write costs the same in a stack
 * of ten files as in one of ten thousand; a batch shares the fsyncs of its files among them
 * ({@link DurableWrites}). {@link #observe} reads a stack's ledger with one walk of its directory (asked about a
 * few resources of a large stack, a run for a one-file commit, it looks up only their records), and parses
 * again only the records whose file changed since this provider last read or wrote it; what it keeps of each
 * record is a few hundred bytes ({@link StackRecords}).
 *
 * <p><b>Writes</b> are atomic (temporary file, fsync, rename, fsync of the directory); temporary files are
 * named {@code .<name>.plumbline-tmp-<hex>}, and any a crash left behind are removed the first time the
 * provider writes to their directory after it starts. Missing directories are created; <b>prune</b> removes a
 * file only when the stack's record says the stack created it and the record still belongs to that resource,
 * then removes the directories above it that are left empty (never the root). An adopted file stays in place
 * and only its record is removed.
 *
 * <p><b>Content</b> is text (written as UTF-8), text from a secret, or {@code !!binary} bytes (written as
 * they are). A live file shows its content as bytes when the desired content is bytes or the file holds bytes
 * that are not UTF-8, and as text otherwise ({@link FileContent}), so a binary file shows no change when it is
 * as desired and shows every byte that is not.
 *
 * <p><b>Labels and annotations</b> ({@code metadata.labels}, {@code metadata.annotations}) cannot be held by a
 * file, so its record keeps them and {@link #observe} reads them back as the live object's {@code metadata}:
 * they compare like any field, and a change to them alone rewrites the record, not the file. A File has no
 * namespace. The user's guide is {@code docs/files-provider.md}.
 */
public final class FilesProvider implements Provider, BatchProvider, SelfRecordingProvider, OwnershipScan {

    public static final String TYPE = "files";
    public static final String GROUP = "files.plumbline.dev";
    public static final String API_VERSION = GROUP + "/v1";
    public static final String KIND = "File";

    private final String name;
    private final RootDirectory root;
    private final RecordStore records;
    private final FileObserver observer;
    private final FileApplier applier;
    private final LedgerScan scan;
    private final DurableWrites writes = new DurableWrites();
    private final BatchWriter batches;
    /** Resources found valid on their own, with the path each asks for ({@link FileValidator#validate}). */
    private final WeakIdentityMap<Resource, RelativePath> valid = new WeakIdentityMap<>();
    /** By stack: its resources as its last check found them all valid, for the next to check what changed. */
    private final Map<String, CheckedPaths> checked = new ConcurrentHashMap<>();

    /** A provider for the directory {@code root}; nothing is read or created until the first call. */
    public FilesProvider(String name, Path root) {
        this.name = Objects.requireNonNull(name, "name");
        this.root = new RootDirectory(Objects.requireNonNull(root, "root"));
        this.records = new RecordStore(this.root, new BatchIntents(this.root), writes);
        this.observer = new FileObserver(name, this.root, records);
        this.batches = new BatchWriter(this.root, records, writes);
        this.applier = new FileApplier(this.root, records, batches);
        this.scan = new LedgerScan(name, this.root, records);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The whole group {@value #GROUP}; {@link #validate} refuses kinds other than {@value #KIND}. */
    @Override
    public boolean serves(String group, String kind) {
        return GROUP.equals(group);
    }

    @Override
    public String served() {
        return GROUP;
    }

    /** The directory files are written under, absolute. */
    public Path root() {
        return root.root();
    }

    /**
     * Where the ledger of {@code stack} lives, for people and tools that read it: the directory
     * {@code <root>/.plumbline/stacks/<stack>}, which holds one record per file the stack manages (the
     * record of {@code nginx/site.conf} is {@code nginx/site.conf.yaml} in it).
     */
    public Path ledgerDirectory(String stack) {
        return root.resolve(RecordLayout.directory(stack));
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        return FileValidator.validate(resources, root.root(), valid);
    }

    @Override
    public List<Problem> validate(StackScope stack, List<Resource> resources) {
        return FileValidator.validate(stack.stack(), resources, root.root(), valid, checked);
    }

    /** Fills {@code mode} and normalises {@code path}; a resource that would not validate is returned as is. */
    @Override
    public Resource normalize(Resource desired) {
        if (!desired.kind().equals(KIND)) {
            return desired;
        }
        try {
            return FileSpec.of(desired).normalise(desired);
        } catch (IllegalArgumentException invalid) {
            return desired;
        }
    }

    @Override
    public Map<ResourceKey, LiveObject> observe(StackScope scope, List<Resource> desired,
                                                Collection<ResourceKey> inventory) {
        return observer.observe(scope.stack(), desired, inventory);
    }

    @Override
    public ApplyResult apply(Change change, ApplyContext context) {
        return applier.apply(change, context);
    }

    @Override
    public ApplyResult delete(Change change, ApplyContext context) {
        return applier.delete(change, context);
    }

    /**
     * Applies a run of changes, writing the plain writes among them as batches: one durable intent per batch
     * instead of a pending record per file, fsyncs issued together and each directory fsynced once
     * ({@link FileApplier#applyBatch}, {@link BatchIntents}).
     */
    @Override
    public List<ApplyResult> applyBatch(List<Change> changes, ApplyContext context) {
        return applier.applyBatch(changes, context);
    }

    @Override
    public void settled(Change change, ApplyContext context) {
        applier.settle(change, context);
    }

    @Override
    public void forgotten(ResourceKey key, ApplyContext context) {
        applier.forget(context.stack(), key.name());
    }

    /** The stacks with a ledger directory under {@code <root>/.plumbline/stacks/}. */
    @Override
    public List<String> stacks() {
        return scan.stacks();
    }

    /** One File per resource the stack's ledger records, whether its file is still there or not. */
    @Override
    public List<Owned> owned(StackScope scope) {
        return scan.owned(scope.stack());
    }

    /** For tests: how many ownership records this provider has parsed so far. */
    long recordsParsed() {
        return records.parses();
    }

    /** For tests: how many times this provider has walked a stack's whole ledger to observe. */
    long ledgerWalks() {
        return records.walks();
    }

    /** For tests: how many desired resources' files the observer has worked out (each object once). */
    long specsWorkedOut() {
        return observer.specsWorkedOut();
    }

    /** For tests: {@code steps} hears of each durable step of a batch ({@link BatchWriter#onStep}). */
    void onBatchStep(java.util.function.Consumer<String> steps) {
        batches.onStep(steps);
    }

    /** Stops the threads that write batches. */
    @Override
    public void close() {
        writes.close();
    }
}
