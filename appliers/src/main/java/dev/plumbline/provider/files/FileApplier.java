package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.model.Values;
import dev.plumbline.plan.Change;
import dev.plumbline.problem.StalledException;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and removes files for one stack, ownership first: the ledger entry is recorded (pending) before
 * the file is written and completed after, and on removal the file goes before its entry. A crash at any
 * point therefore leaves every file this stack wrote listed in its ledger. Writes are serialised per
 * provider, so one stack's clean-up of temporary files never meets another stack's write in progress.
 */
final class FileApplier {

    private final RootDirectory root;
    private final LedgerStore ledgers;

    FileApplier(RootDirectory root, LedgerStore ledgers) {
        this.root = root;
        this.ledgers = ledgers;
    }

    synchronized ApplyResult apply(Change change, ApplyContext context) {
        Resource desired = change.desired().orElseThrow(() -> new IllegalArgumentException(
                change.action() + " of " + change.key().display() + " carries no desired resource"));
        FileSpec spec;
        try {
            spec = FileSpec.of(desired);
        } catch (IllegalArgumentException e) {
            throw FileFailures.invalid(desired, e);
        }
        try {
            return write(spec, change.key().name(), context);
        } catch (IOException e) {
            throw FileFailures.applyFailed("write", e, root.resolve(spec.path()));
        }
    }

    synchronized ApplyResult delete(Change change, ApplyContext context) {
        try {
            return remove(change, context.stack());
        } catch (IOException e) {
            throw FileFailures.applyFailed("remove", e, root.root());
        }
    }

    private ApplyResult write(FileSpec spec, String resource, ApplyContext context) throws IOException {
        Map<String, Ledger> all = ledgers.readAll();
        refuseOtherOwner(all, context.stack(), spec.path());
        Ledger ledger = all.getOrDefault(context.stack(), Ledger.empty(context.stack()));
        boolean existed = root.exists(spec.path());
        Optional<LedgerEntry> previous = ledger.at(spec.path());
        boolean created = previous.map(LedgerEntry::created).orElse(!existed);
        LedgerEntry intent = LedgerEntry.intent(spec, resource, context.revision(), context.now(), created);

        ledger = ledger.with(intent);
        ledgers.write(ledger);
        AtomicFile.write(root.prepare(spec.path()), spec.bytes(), spec.mode().permissions());
        List<String> moves = new ArrayList<>();
        for (LedgerEntry old : ledger.of(resource)) {
            if (!old.path().equals(spec.path())) {
                boolean removed = old.created() && root.remove(old.path());
                moves.add("moved from " + old.path() + (removed ? " (removed)"
                        : old.created() ? "" : " (left in place: it was adopted, not created)"));
                ledger = ledger.without(old.path());
            }
        }
        ledgers.write(ledger.with(intent.applied()));

        String what = "wrote " + spec.path() + " (mode " + spec.mode() + ", " + spec.bytes().length + " bytes)"
                + (existed && previous.isEmpty() ? "; it existed before, so it is adopted and stays on prune" : "")
                + (moves.isEmpty() ? "" : "; " + String.join("; ", moves));
        return existed ? ApplyResult.updated(what) : ApplyResult.created(what);
    }

    private ApplyResult remove(Change change, String stack) throws IOException {
        String resource = change.key().name();
        Ledger ledger = ledgers.read(stack);
        List<LedgerEntry> entries = ledger.of(resource);
        if (entries.isEmpty()) {
            Optional<LedgerEntry> successor = livePath(change).flatMap(ledger::at);
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
        for (LedgerEntry entry : entries) {
            if (entry.created()) {
                if (root.remove(entry.path())) {
                    removed.add(entry.path().toString());
                }
            } else {
                released.add(entry.path().toString());
            }
            ledger = ledger.without(entry.path());
            ledgers.write(ledger);
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

    private void refuseOtherOwner(Map<String, Ledger> all, String stack, RelativePath path) {
        for (Ledger other : all.values()) {
            Optional<LedgerEntry> claim = other.at(path);
            if (!other.stack().equals(stack) && claim.isPresent()) {
                throw new StalledException("OwnedByAnotherStack", path + " is owned by stack '" + other.stack()
                        + "' (its ledger " + root.resolve(ledgers.file(other.stack())) + " lists it for File "
                        + claim.get().resource() + "); a file has one owner, so remove it from one of the two stacks");
            }
        }
    }

    private static Optional<RelativePath> livePath(Change change) {
        return change.live()
                .map(live -> Values.map(live.state().get("spec")).get("path"))
                .filter(String.class::isInstance)
                .map(path -> RelativePath.parse((String) path));
    }
}
