package dev.plumbline.provider.files;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.StackScope;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code files} provider: writes {@code File} resources ({@code files.plumbline.dev/v1}) as plain
 * files under one root directory.
 *
 * <pre>
 * apiVersion: files.plumbline.dev/v1
 * kind: File
 * metadata: { name: site-conf }
 * spec: { path: nginx/site.conf, content: "...", mode: "0644" }
 * </pre>
 *
 * <p><b>Paths.</b> {@code spec.path} is relative to the root; {@code ./} and repeated slashes are
 * normalised away, while absolute paths, {@code ..}, a trailing slash and anything under
 * {@code .plumbline/} are refused by {@link #validate}. On disk no symbolic link is ever followed below the
 * root, for reading, writing or removing: a link on the way is a {@code UnsafePath} failure.
 * {@code mode} defaults to {@code "0644"} and is always shown with four digits.
 *
 * <p><b>Ownership and provenance.</b> Each stack has a ledger at
 * {@code <root>/.plumbline/stacks/<stack>.yaml} listing, per path, the resource name, the revision and time
 * it was applied, the SHA-256 of the content written and whether the stack created the file or adopted one
 * that was already there. The ledger is the files' provenance (a file cannot carry an annotation) and
 * is what {@link #observe} reports as {@link LiveObject#provenance()}. Writes record the entry (as pending)
 * before writing the file and complete it after; removals take the file away before its entry. So a crash
 * never leaves a file the stack wrote without an entry that lets a later prune find it, and at worst
 * leaves an entry whose file is missing, which observe treats as nothing live.
 *
 * <p><b>Writes</b> are atomic (temporary file, fsync, rename, fsync of the directory); temporary files are
 * named {@code .<name>.plumbline-tmp-<hex>}, and any a crash left behind are removed the next time their
 * directory is written. Missing directories are created; <b>prune</b> removes a file only when the
 * stack's ledger says the stack created it and the entry still belongs to that resource, then removes
 * the directories above it that are left empty (never the root). An adopted file stays in place and is
 * only released from the ledger.
 *
 * <p>{@code metadata.labels} and {@code metadata.annotations} are refused on a File: a file cannot hold them,
 * and dropping them silently would hide a mistake.
 */
public final class FilesProvider implements Provider {

    public static final String TYPE = "files";
    public static final String GROUP = "files.plumbline.dev";
    public static final String API_VERSION = GROUP + "/v1";
    public static final String KIND = "File";

    private final String name;
    private final RootDirectory root;
    private final LedgerStore ledgers;
    private final FileObserver observer;
    private final FileApplier applier;

    /** A provider for the directory {@code root}; nothing is read or created until the first call. */
    public FilesProvider(String name, Path root) {
        this.name = Objects.requireNonNull(name, "name");
        this.root = new RootDirectory(Objects.requireNonNull(root, "root"));
        this.ledgers = new LedgerStore(this.root);
        this.observer = new FileObserver(name, this.root, ledgers);
        this.applier = new FileApplier(this.root, ledgers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> groups() {
        return Set.of(GROUP);
    }

    /** The directory files are written under, absolute. */
    public Path root() {
        return root.root();
    }

    /** Where the ledger of {@code stack} lives, for people and tools that read it. */
    public Path ledgerFile(String stack) {
        return root.resolve(ledgers.file(stack));
    }

    @Override
    public List<Problem> validate(List<Resource> resources) {
        return FileValidator.validate(resources);
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
}
