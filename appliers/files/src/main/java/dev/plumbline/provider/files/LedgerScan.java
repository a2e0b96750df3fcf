package dev.plumbline.provider.files;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.OwnershipScan.Owned;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each stack owns under the root, read back from the ledgers alone for a rebuild of the inventory: the
 * stacks are the directories under {@code .plumbline/stacks/}, and a stack owns one {@code File} per resource
 * its records name, keyed as the planner keys a File of this provider ({@code <provider>/files.plumbline.dev/
 * File//<metadata.name>}). A resource with two records (a crash in the middle of a move) is listed once, with
 * its newest record. A file that a batch cut short wrote before its record counts too, with the pending record
 * of its batch intent ({@link BatchIntents}). Only reads: nothing is swept, written or removed.
 */
final class LedgerScan {

    private final String provider;
    private final RootDirectory root;
    private final RecordStore records;

    LedgerScan(String provider, RootDirectory root, RecordStore records) {
        this.provider = provider;
        this.root = root;
        this.records = records;
    }

    List<String> stacks() {
        try {
            return records.ledgers();
        } catch (IOException e) {
            throw FileFailures.observeFailed(e, root.root());
        }
    }

    List<Owned> owned(String stack) {
        if (!RecordLayout.isStack(stack)) {
            return List.of(); // no ledger can have such a name
        }
        List<FileRecord> found;
        try {
            found = new ArrayList<>(records.scan(stack));
            Set<RelativePath> recorded = new HashSet<>();
            found.forEach(record -> recorded.add(record.path()));
            for (FileRecord intended : records.intended(stack).values()) {
                if (!recorded.contains(intended.path()) && root.exists(intended.path())) {
                    found.add(intended); // written by a batch cut short before its record
                }
            }
        } catch (IOException e) {
            throw FileFailures.observeFailed(e, root.root());
        }
        Map<String, FileRecord> newest = new LinkedHashMap<>();
        for (FileRecord record : found) {
            newest.merge(record.resource(), record, (one, other) ->
                    other.owner().appliedAt().isAfter(one.owner().appliedAt()) ? other : one);
        }
        List<Owned> owned = new ArrayList<>();
        newest.forEach((resource, record) -> owned.add(new Owned(
                new ResourceKey(provider, FilesProvider.GROUP, FilesProvider.KIND, "", resource), record.owner())));
        owned.sort(Comparator.comparing(Owned::key));
        return owned;
    }
}
