package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import dev.plumbline.plan.Change;
import dev.plumbline.provider.ApplyContext;
import dev.plumbline.provider.ApplyResult;
import dev.plumbline.provider.ownership.RecordedMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a stretch of plain writes of one stack (a new file, or a file the stack already records for the same
 * File at the same path) as one batch: one durable intent for the files to write ({@link BatchIntents}), every
 * file atomically with the fsyncs issued together and each directory fsynced once ({@link DurableWrites}), every
 * final record the same way, and then the intent is removed. A failure or a crash leaves the intent for the
 * stack's next write to settle ({@link RecordStore#recover}); until then a plan counts what it names as the
 * stack's. The caller ({@link FileApplier#applyBatch}) holds the provider's write lock.
 */
final class BatchWriter {

    private final RootDirectory root;
    private final RecordStore records;
    private final DurableWrites writes;
    /** Told of each step of a batch once it is durable; tests make it throw to stop a batch there, as a crash. */
    private volatile Consumer<String> steps = step -> { };

    BatchWriter(RootDirectory root, RecordStore records, DurableWrites writes) {
        this.root = root;
        this.records = records;
        this.writes = writes;
    }

    /** Sets what hears of the steps of a batch: {@code intent}, {@code files}, {@code records}. */
    void onStep(Consumer<String> steps) {
        this.steps = steps;
    }

    /** A new batch for {@code context}'s stack, checked against the other stacks' claims as they are now. */
    Batch begin(ApplyContext context) throws IOException {
        return new Batch(context, records.claims(context.stack()));
    }

    /** A plain write of a batch, planned: the file's spec, its pending record, and what was there before. */
    private record Planned(FileSpec spec, FileRecord intent, boolean existed, boolean recorded, boolean recordOnly) {
    }

    /** The plain writes gathered so far, written by {@link #flush}. */
    final class Batch {

        private final ApplyContext context;
        private final RecordStore.Claims claims;
        private final List<Planned> planned = new ArrayList<>();

        private Batch(ApplyContext context, RecordStore.Claims claims) {
            this.context = context;
            this.claims = claims;
        }

        /**
         * Adds {@code change} when it is a plain write, checked (the File valid, the path owned by no other
         * stack); false when it must go alone.
         */
        boolean add(Change change) throws IOException {
            Resource desired = FileApplier.desired(change);
            FileSpec spec = FileApplier.spec(desired);
            String stack = context.stack();
            String resource = change.key().name();
            records.refuseOthers(claims, spec.path());
            Optional<FileRecord> previous = records.read(stack, spec.path());
            if (previous.isPresent() && !previous.get().resource().equals(resource)) {
                return false;
            }
            for (FileRecord known : records.known(stack).of(resource)) {
                if (!known.path().equals(spec.path())) {
                    return false;
                }
            }
            boolean existed = root.exists(spec.path());
            boolean created = previous.map(FileRecord::created).orElse(!existed);
            FileRecord intent = FileRecord.intent(spec, RecordedMetadata.of(desired), resource, context, created);
            planned.add(new Planned(spec, intent, existed, previous.isPresent(),
                    previous.isPresent() && root.holds(spec)));
            return true;
        }

        /** Writes what was added since the last flush, in the order above; one result per write. */
        List<ApplyResult> flush() throws IOException {
            if (planned.isEmpty()) {
                return List.of();
            }
            List<Planned> writing = planned.stream().filter(write -> !write.recordOnly()).toList();
            List<Path> targets = root.prepareAll(writing.stream().map(write -> write.spec().path()).toList());
            Optional<RelativePath> intent = Optional.empty();
            if (!writing.isEmpty()) {
                try {
                    intent = Optional.of(records.intend(context.stack(),
                            writing.stream().map(Planned::intent).toList()));
                } catch (IOException e) { // named after the first file, as a write alone names its file
                    throw new DurableWrites.Failed(targets.get(0), e);
                }
            }
            List<DurableWrites.Write> files = new ArrayList<>(writing.size());
            for (int index = 0; index < writing.size(); index++) {
                FileSpec spec = writing.get(index).spec();
                files.add(new DurableWrites.Write(targets.get(index), spec.bytes(), spec.mode().permissions()));
            }
            steps.accept("intent");
            writes.writeAll(files);
            steps.accept("files");
            records.writeAll(planned.stream().map(write -> write.intent().applied()).toList(),
                    planned.stream().map(write -> write.spec().mode()).toList());
            steps.accept("records");
            if (intent.isPresent()) {
                records.done(intent.get());
            }
            List<ApplyResult> results = new ArrayList<>(planned.size());
            for (Planned write : planned) {
                results.add(FileApplier.result(write.spec(), write.existed(), write.recorded(), write.recordOnly(),
                        List.of()));
            }
            planned.clear();
            return results;
        }
    }
}
