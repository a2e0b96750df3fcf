package dev.plumbline.provider.files;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one stack owns under the root: its ledger entries by path, at most one per path. A resource
 * normally has one entry; it briefly has two while its file moves (the new path is recorded before the old
 * one is removed), and a crash in between leaves both, which the next apply of that resource cleans up.
 */
record Ledger(String stack, Map<RelativePath, LedgerEntry> entries) {

    Ledger {
        Objects.requireNonNull(stack, "stack");
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        entries.forEach((path, entry) -> {
            if (!path.equals(entry.path())) {
                throw new IllegalArgumentException("ledger entry for " + entry.path() + " filed under " + path);
            }
        });
    }

    static Ledger empty(String stack) {
        return new Ledger(stack, Map.of());
    }

    static Ledger of(String stack, Collection<LedgerEntry> entries) {
        Map<RelativePath, LedgerEntry> byPath = new TreeMap<>();
        for (LedgerEntry entry : entries) {
            if (byPath.put(entry.path(), entry) != null) {
                throw new IllegalArgumentException("the path " + entry.path() + " is listed twice");
            }
        }
        return new Ledger(stack, byPath);
    }

    Optional<LedgerEntry> at(RelativePath path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** The entries of one resource (by name), in path order. */
    List<LedgerEntry> of(String resource) {
        List<LedgerEntry> found = new ArrayList<>();
        for (LedgerEntry entry : entries.values()) {
            if (entry.resource().equals(resource)) {
                found.add(entry);
            }
        }
        return found;
    }

    /** This ledger with {@code entry} recorded at its path, replacing what was there. */
    Ledger with(LedgerEntry entry) {
        Map<RelativePath, LedgerEntry> next = new TreeMap<>(entries);
        next.put(entry.path(), entry);
        return new Ledger(stack, next);
    }

    Ledger without(RelativePath path) {
        Map<RelativePath, LedgerEntry> next = new TreeMap<>(entries);
        next.remove(path);
        return new Ledger(stack, next);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
