package dev.plumbline.provider.files;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what is live for one stack, in bulk: the stack's ledger by one walk of its directory, then one file
 * per desired resource and per inventory key that is no longer desired. Live state has the shape of
 * normalised desired state; provenance comes from whichever stack's record names the path (for another
 * stack, one look-up of its record per path). The rules, by case:
 * <ul>
 * <li>a file no stack has a record for: {@link LiveObject#unmanaged} (the plan updates it, which adopts it);
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

    private Map<ResourceKey, LiveObject> observeAll(String stack, List<Resource> desired,
                                                    Collection<ResourceKey> inventory) throws IOException {
        List<String> stacks = records.stacks();
        StackRecords own = records.load(stack);
        Map<RelativePath, Resource> byPath = new LinkedHashMap<>();
        Map<ResourceKey, FileSpec> specs = new LinkedHashMap<>();
        for (Resource resource : desired) {
            try {
                FileSpec spec = FileSpec.of(resource);
                specs.put(resource.key(), spec);
                byPath.put(spec.path(), resource);
            } catch (IllegalArgumentException e) {
                throw FileFailures.invalid(resource, e);
            }
        }
        Map<ResourceKey, LiveObject> live = new LinkedHashMap<>();
        for (Map.Entry<ResourceKey, FileSpec> wanted : specs.entrySet()) {
            observeDesired(wanted.getKey(), wanted.getValue(), stacks, own, byPath)
                    .ifPresent(found -> live.put(wanted.getKey(), found));
        }
        for (ResourceKey key : inventory) {
            if (!specs.containsKey(key) && isFile(key)) {
                observeOwned(key, own, byPath).ifPresent(found -> live.put(key, found));
            }
        }
        return live;
    }

    private Optional<LiveObject> observeDesired(ResourceKey key, FileSpec spec, List<String> stacks,
                                                StackRecords own, Map<RelativePath, Resource> byPath)
            throws IOException {
        for (FileRecord previous : own.of(key.name())) {
            if (!previous.path().equals(spec.path()) && !byPath.containsKey(previous.path())) {
                Optional<FileSpec> moved = root.read(previous.path());
                if (moved.isPresent()) {
                    return Optional.of(owned(key, moved.get(), previous));
                }
            }
        }
        Optional<FileSpec> file = root.read(spec.path());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Optional<FileRecord> claim = records.claim(stacks, own.stack(), spec.path());
        if (claim.isPresent()) {
            return Optional.of(owned(key, file.get(), claim.get()));
        }
        Optional<FileRecord> record = own.at(spec.path());
        if (record.isEmpty()) {
            return Optional.of(LiveObject.unmanaged(key, file.get().state()));
        }
        if (!record.get().resource().equals(key.name())) {
            return Optional.empty();
        }
        return Optional.of(owned(key, file.get(), record.get()));
    }

    /** An inventory key no longer desired: the file its record names, unless another resource took the path. */
    private Optional<LiveObject> observeOwned(ResourceKey key, StackRecords own, Map<RelativePath, Resource> byPath)
            throws IOException {
        for (FileRecord record : own.of(key.name())) {
            if (!byPath.containsKey(record.path())) {
                Optional<FileSpec> file = root.read(record.path());
                if (file.isPresent()) {
                    return Optional.of(owned(key, file.get(), record));
                }
            }
        }
        return Optional.empty();
    }

    private boolean isFile(ResourceKey key) {
        return key.provider().equals(provider) && key.group().equals(FilesProvider.GROUP)
                && key.kind().equals(FilesProvider.KIND);
    }

    private static LiveObject owned(ResourceKey key, FileSpec file, FileRecord record) {
        FileSpec live = record.owner().sensitive() ? file.asSensitive() : file;
        return record.owner().live(key, live.state());
    }
}
