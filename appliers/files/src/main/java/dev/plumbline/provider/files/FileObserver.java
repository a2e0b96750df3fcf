package dev.plumbline.provider.files;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.model.Values;
import dev.plumbline.provider.WeakIdentityMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads what is live for one stack, in bulk: the stack's ledger by one walk of its directory (or, for a few
 * resources of a large ledger, the records they concern one by one: {@link RecordStore#load(String,
 * java.util.Collection, java.util.Collection)}), then one file per desired resource and per inventory key that
 * is no longer desired. It only reads: what an unfinished
 * batch of the stack intended counts as recorded ({@link Ledger}) until the stack's next write settles it.
 * Live state has the shape of normalised desired state; provenance comes from whichever stack's record names the path (for another
 * stack, one look-up of its record per path). The rules, by case:
 * <ul>
 * <li>a file no stack has a record for: {@link LiveObject#unmanaged} (the plan updates it, which adopts it);
 * <li>a file with a record: its content as the desired content shows it ({@link FileContent}), and the
 *     labels and annotations its record keeps as its {@code metadata}
 *     ({@link dev.plumbline.provider.ownership.OwnershipRecord#live}), so that they compare like any field;
 * <li>a file another stack has a record for: that stack's provenance (the planner reports the conflict);
 * <li>a desired resource whose record is at another path (its {@code spec.path} changed): the file at the
 *     old path, so the diff shows {@code spec.path} moving;
 * <li>a desired resource whose path this stack records for another resource name (the resource was
 *     renamed): nothing, so the plan creates it, which moves the record to the new name; the old name's
 *     inventory key is then not observed either, so the plan forgets it instead of deleting the file.
 * </ul>
 */
final class FileObserver {

    private final String provider;
    private final RootDirectory root;
    private final RecordStore records;
    /**
     * The file each desired resource asks for, by identity: a stack's unchanged resources come back as the very
     * same objects run after run, and working out their files again (the path parsed, the content encoded) was
     * a good part of what a drift check allocated. Not kept for content from a secret.
     */
    private final WeakIdentityMap<Resource, FileSpec> specs = new WeakIdentityMap<>();
    private final AtomicLong workedOut = new AtomicLong();

    /** A desired resource and the file it asks for. */
    private record Wanted(Resource resource, FileSpec spec) {
    }

    FileObserver(String provider, RootDirectory root, RecordStore records) {
        this.provider = provider;
        this.root = root;
        this.records = records;
    }

    Map<ResourceKey, LiveObject> observe(String stack, List<Resource> desired, Collection<ResourceKey> inventory) {
        try {
            return observeAll(stack, desired, inventory);
        } catch (IOException e) {
            throw FileFailures.observeFailed(e, root.root());
        }
    }

    /**
     * The stack's records as a plan sees them: its ledger, and on top of it the pending records of the batches it
     * left unfinished ({@link BatchIntents}), which count as the stack's until its next write settles them.
     */
    private record Ledger(StackRecords records, Map<RelativePath, FileRecord> intended) {

        List<FileRecord> of(String resource) {
            List<FileRecord> found = records.of(resource);
            if (intended.isEmpty()) {
                return found;
            }
            List<FileRecord> merged = new ArrayList<>();
            found.stream().filter(record -> !intended.containsKey(record.path())).forEach(merged::add);
            intended.values().stream().filter(record -> record.resource().equals(resource)).forEach(merged::add);
            return merged;
        }

        Optional<FileRecord> at(RelativePath path) {
            FileRecord pending = intended.get(path);
            return pending != null ? Optional.of(pending) : records.at(path);
        }
    }

    private Map<ResourceKey, LiveObject> observeAll(String stack, List<Resource> desired,
                                                    Collection<ResourceKey> inventory) throws IOException {
        int capacity = (desired.size() + inventory.size()) * 4 / 3 + 1; // no rehashing on the way
        Map<RelativePath, Resource> byPath = new LinkedHashMap<>(capacity);
        Map<ResourceKey, Wanted> wantedByKey = new LinkedHashMap<>(capacity);
        for (Resource resource : desired) {
            try {
                FileSpec spec = spec(resource);
                wantedByKey.put(resource.key(), new Wanted(resource, spec));
                byPath.put(spec.path(), resource);
            } catch (IllegalArgumentException e) {
                throw FileFailures.invalid(resource, e);
            }
        }
        List<ResourceKey> gone = new ArrayList<>();
        for (ResourceKey key : inventory) {
            if (!wantedByKey.containsKey(key) && isFile(key)) {
                gone.add(key);
            }
        }
        // the records of what is observed: a few looked up one by one, or the whole ledger in one walk
        List<String> names = new ArrayList<>(wantedByKey.size() + gone.size());
        wantedByKey.keySet().forEach(key -> names.add(key.name()));
        gone.forEach(key -> names.add(key.name()));
        Ledger own = new Ledger(records.load(stack, byPath.keySet(), names), records.intended(stack));
        RecordStore.Claims claims = records.claims(stack);
        RootDirectory.Reads reads = root.reads();
        Map<ResourceKey, LiveObject> live = new LinkedHashMap<>(capacity);
        List<Wanted> wanted = List.copyOf(wantedByKey.values());
        LiveObject[] found = new LiveObject[wanted.size()];
        Parallel.forEach(found.length, Parallel.FILES, index -> found[index] = observeDesired(wanted.get(index),
                claims, own, byPath, reads).orElse(null));
        for (int index = 0; index < found.length; index++) {
            if (found[index] != null) {
                live.put(wanted.get(index).resource().key(), found[index]);
            }
        }
        for (ResourceKey key : gone) {
            observeOwned(key, own, byPath, reads).ifPresent(owned -> live.put(key, owned));
        }
        return live;
    }

    /** How many desired resources' files were worked out ({@link #spec}). */
    long specsWorkedOut() {
        return workedOut.get();
    }

    /** The file {@code resource} asks for: as worked out before for this very object, or now. */
    private FileSpec spec(Resource resource) {
        FileSpec known = specs.get(resource).orElse(null);
        if (known != null) {
            return known;
        }
        FileSpec spec = FileSpec.of(resource);
        workedOut.incrementAndGet();
        if (!spec.content().sensitive()) {
            specs.put(resource, spec);
        }
        return spec;
    }

    private Optional<LiveObject> observeDesired(Wanted wanted, RecordStore.Claims claims, Ledger own,
                                                Map<RelativePath, Resource> byPath, RootDirectory.Reads reads)
            throws IOException {
        ResourceKey key = wanted.resource().key();
        FileSpec spec = wanted.spec();
        FileContent.Form shown = binaryOrText(spec);
        List<FileRecord> mine = own.of(key.name());
        for (FileRecord previous : mine) {
            if (!previous.path().equals(spec.path()) && !byPath.containsKey(previous.path())) {
                Optional<FileSpec> moved = reads.read(previous.path());
                if (moved.isPresent()) {
                    return Optional.of(owned(key, moved.get(), previous, shown));
                }
            }
        }
        Optional<FileSpec> file = reads.read(spec.path());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Optional<FileRecord> claim = records.claim(claims, spec.path());
        if (claim.isPresent()) {
            return Optional.of(owned(key, file.get(), claim.get(), shown, wanted));
        }
        Optional<FileRecord> record = mine.size() == 1 && mine.get(0).path().equals(spec.path())
                ? Optional.of(mine.get(0)) : own.at(spec.path());
        if (record.isEmpty()) {
            return Optional.of(LiveObject.unmanaged(key, file.get().shownAs(shown).state()));
        }
        if (!record.get().resource().equals(key.name())) {
            return Optional.empty();
        }
        return Optional.of(owned(key, file.get(), record.get(), shown, wanted));
    }

    /** An inventory key no longer desired: the file its record names, unless another resource took the path. */
    private Optional<LiveObject> observeOwned(ResourceKey key, Ledger own, Map<RelativePath, Resource> byPath,
                                              RootDirectory.Reads reads) throws IOException {
        for (FileRecord record : own.of(key.name())) {
            if (!byPath.containsKey(record.path())) {
                Optional<FileSpec> file = reads.read(record.path());
                if (file.isPresent()) {
                    return Optional.of(owned(key, file.get(), record, FileContent.Form.TEXT));
                }
            }
        }
        return Optional.empty();
    }

    private boolean isFile(ResourceKey key) {
        return key.provider().equals(provider) && key.group().equals(FilesProvider.GROUP)
                && key.kind().equals(FilesProvider.KIND);
    }

    /**
     * The live object of a file with a record: its content shown as a secret when the record says it came from
     * one, else as {@code shown} (see {@link #binaryOrText}; {@code TEXT}, as read, for a key no longer
     * desired), and the labels and annotations the record keeps as its metadata.
     */
    private static LiveObject owned(ResourceKey key, FileSpec file, FileRecord record, FileContent.Form shown) {
        FileContent.Form form = record.owner().sensitive() ? FileContent.Form.SECRET : shown;
        return record.owner().live(key, file.shownAs(form).state());
    }

    /**
     * As above for the file of {@code wanted}: a file that holds the bytes and mode its resource (in normal
     * form) asks for, shown as text, is live with that resource's own spec (the same values, not a copy of
     * them), so that nothing of it is decoded or copied and the plan finds it equal at once. An agent reads
     * every file of a stack on every drift check, and nearly every one is as desired.
     */
    private static LiveObject owned(ResourceKey key, FileSpec file, FileRecord record, FileContent.Form shown,
                                    Wanted wanted) {
        if (shown == FileContent.Form.TEXT && !record.owner().sensitive() && file.equals(wanted.spec())) {
            return record.owner().live(key, Values.freezeMap(Map.of("spec", wanted.resource().spec())));
        }
        return owned(key, file, record, shown);
    }

    /**
     * How a file is shown beside {@code desired} when no record says it holds a secret: as bytes when the
     * desired content is bytes, else as read (text, or bytes when the file holds bytes that are not UTF-8).
     */
    private static FileContent.Form binaryOrText(FileSpec desired) {
        return desired.content().binary() ? FileContent.Form.BINARY : FileContent.Form.TEXT;
    }
}
