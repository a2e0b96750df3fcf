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
 * Reads what is live for one stack, in bulk: every ledger under the root once, then one file per desired
 * resource and per inventory key that is no longer desired. Live state has the shape of normalised desired
 * state; provenance comes from whichever ledger lists the path. The rules, by case:
 * <ul>
 * <li>a file nobody's ledger lists: {@link LiveObject#unmanaged} (the plan updates it, which adopts it);
 * <li>a file another stack's ledger lists: that stack's provenance (the planner reports the conflict);
 * <li>a desired resource whose ledger entry is at another path (its {@code spec.path} changed): the file at
 *     the old path, so the diff shows {@code spec.path} moving;
 * <li>a desired resource whose path this stack's ledger lists for another resource name (the resource was
 *     renamed): nothing, so the plan creates it, which moves the entry to the new name; the old name's
 *     inventory key is then not observed either, so the plan forgets it instead of deleting the file.
 * </ul>
 */
final class FileObserver {

    private final String provider;
    private final RootDirectory root;
    private final LedgerStore ledgers;

    FileObserver(String provider, RootDirectory root, LedgerStore ledgers) {
        this.provider = provider;
        this.root = root;
        this.ledgers = ledgers;
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
        Map<String, Ledger> all = ledgers.readAll();
        Ledger own = all.getOrDefault(stack, Ledger.empty(stack));
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
            observeDesired(wanted.getKey(), wanted.getValue(), all, own, byPath)
                    .ifPresent(found -> live.put(wanted.getKey(), found));
        }
        for (ResourceKey key : inventory) {
            if (!specs.containsKey(key) && isFile(key)) {
                observeOwned(key, own, byPath).ifPresent(found -> live.put(key, found));
            }
        }
        return live;
    }

    private Optional<LiveObject> observeDesired(ResourceKey key, FileSpec spec, Map<String, Ledger> all, Ledger own,
                                                Map<RelativePath, Resource> byPath) throws IOException {
        for (LedgerEntry previous : own.of(key.name())) {
            if (!previous.path().equals(spec.path()) && !byPath.containsKey(previous.path())) {
                Optional<FileSpec> moved = root.read(previous.path());
                if (moved.isPresent()) {
                    return Optional.of(owned(key, moved.get(), own.stack(), previous));
                }
            }
        }
        Optional<FileSpec> file = root.read(spec.path());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        for (Ledger other : all.values()) {
            Optional<LedgerEntry> claim = other.at(spec.path());
            if (!other.stack().equals(own.stack()) && claim.isPresent()) {
                return Optional.of(owned(key, file.get(), other.stack(), claim.get()));
            }
        }
        Optional<LedgerEntry> entry = own.at(spec.path());
        if (entry.isEmpty()) {
            return Optional.of(LiveObject.unmanaged(key, file.get().state()));
        }
        if (!entry.get().resource().equals(key.name())) {
            return Optional.empty();
        }
        return Optional.of(owned(key, file.get(), own.stack(), entry.get()));
    }

    /** An inventory key no longer desired: the file its ledger entry names, unless another resource took the path. */
    private Optional<LiveObject> observeOwned(ResourceKey key, Ledger own, Map<RelativePath, Resource> byPath)
            throws IOException {
        for (LedgerEntry entry : own.of(key.name())) {
            if (!byPath.containsKey(entry.path())) {
                Optional<FileSpec> file = root.read(entry.path());
                if (file.isPresent()) {
                    return Optional.of(owned(key, file.get(), own.stack(), entry));
                }
            }
        }
        return Optional.empty();
    }

    private boolean isFile(ResourceKey key) {
        return key.provider().equals(provider) && key.group().equals(FilesProvider.GROUP)
                && key.kind().equals(FilesProvider.KIND);
    }

    private static LiveObject owned(ResourceKey key, FileSpec file, String stack, LedgerEntry entry) {
        return LiveObject.managed(key, file.state(), entry.provenance(stack), !entry.created());
    }
}
