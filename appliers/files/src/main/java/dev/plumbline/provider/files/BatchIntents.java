package dev.plumbline.provider.files;

import dev.plumbline.problem.Reasons;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The intent of a batch of writes, recorded once for the whole batch instead of as one pending record per file:
 * before the provider writes the files of a batch, it writes one file,
 * {@code .plumbline/intents/<stack>/batch-<time>-<hex>.yaml}, holding the pending record of every file of the
 * batch (the same fields as a record, one YAML document each), and fsyncs it. Until it is removed, every path it
 * names counts as owned by the stack, exactly as a record with {@code pending: true} does: other stacks are
 * refused it, and a later run of the stack adopts it as its own.
 *
 * <p>The batch removes the file once every file and every final record of the batch is durable. A crash (or a
 * failure) before that leaves it. Until the stack next writes, a plan counts what it names as the stack's (as
 * pending records), and so do other stacks and a rebuild of the inventory; the stack's next write (any apply,
 * removal or settling of it, all of which run under the stack's lease) first has {@link RecordStore#recover}
 * turn each entry whose file exists into a pending record, unless the ledger already holds the final record the
 * batch wrote for it, and then removes the intent: from there on the usual repair applies (a pending record over a
 * file written as desired is completed, one whose file is gone is dropped). An entry whose file does not exist
 * needs nothing:
 * the batch never got to it. The file is mode 0600, since it names files of every mode, and is readable with
 * {@code cat}, like a record.
 */
final class BatchIntents {

    /** The directory that holds every stack's outstanding batch intents. */
    static final RelativePath INTENTS = new RelativePath(List.of(RelativePath.RESERVED, "intents"));

    private static final FileMode MODE = new FileMode(0600);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SEPARATOR = "---\n";
    /** A line {@code ---}, which starts each document. */
    private static final Pattern DOCUMENT = Pattern.compile("^---\n", Pattern.MULTILINE);

    private final RootDirectory root;

    BatchIntents(RootDirectory root) {
        this.root = root;
    }

    /** Where the outstanding intents of {@code stack} are, relative to the root. */
    static RelativePath directory(String stack) {
        RecordLayout.directory(stack); // refuses a stack name that cannot name a directory
        return INTENTS.child(stack);
    }

    /** Records, durably, the intent to write the files of {@code pending} (each a pending record); returns where. */
    RelativePath write(String stack, List<FileRecord> pending) throws IOException {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        RelativePath location = directory(stack).child("batch-" + System.currentTimeMillis() + "-"
                + HexFormat.of().formatHex(random) + RecordLayout.SUFFIX);
        StringBuilder text = new StringBuilder()
                .append("# Plumbline batch intent: stack '").append(stack).append("' is writing the files below.\n")
                .append("# Each counts as owned by the stack until its own record is written; this file is removed\n")
                .append("# when the batch is done, and a crash leaves it for the next run to record what it wrote.\n");
        for (FileRecord record : pending) {
            text.append(SEPARATOR).append(RecordYaml.fields(record));
        }
        AtomicFile.write(root.prepare(location), text.toString().getBytes(StandardCharsets.UTF_8), MODE.permissions());
        return location;
    }

    /** Removes an intent once everything it names is recorded. */
    void remove(RelativePath location) throws IOException {
        root.remove(location);
    }

    /** The intents {@code stack} left outstanding, oldest first. */
    List<RelativePath> outstanding(String stack) throws IOException {
        List<RelativePath> found = new ArrayList<>();
        for (RootDirectory.Entry entry : root.entries(directory(stack))) {
            if (!entry.directory() && entry.name().endsWith(RecordLayout.SUFFIX)
                    && !RelativePath.isTempName(entry.name())) {
                found.add(directory(stack).child(entry.name()));
            }
        }
        return found;
    }

    /** The pending records in the intent at {@code location} of {@code stack}; empty when it is gone. */
    List<FileRecord> read(String stack, RelativePath location) throws IOException {
        Optional<FileSpec> file = root.read(location);
        if (file.isEmpty()) {
            return List.of();
        }
        List<FileRecord> records = new ArrayList<>();
        String[] documents = DOCUMENT.split(file.get().content().text());
        for (int index = 1; index < documents.length; index++) { // the first is the comment above them
            try {
                records.add(RecordYaml.read(stack, root.resolve(location).toString(), documents[index]));
            } catch (IllegalArgumentException e) {
                throw new TransientException(Reasons.LEDGER_UNREADABLE, "the batch intent " + root.resolve(location)
                        + " of stack '" + stack + "' cannot be read: " + e.getMessage() + "; fix it, or remove it"
                        + " if no write of that stack was cut short", e);
            }
        }
        return records;
    }

    /** Every pending record in the outstanding intents of {@code stack}, by path (the newest intent wins). */
    Map<RelativePath, FileRecord> entries(String stack) throws IOException {
        Map<RelativePath, FileRecord> entries = new LinkedHashMap<>();
        for (RelativePath location : outstanding(stack)) {
            read(stack, location).forEach(record -> entries.put(record.path(), record));
        }
        return entries;
    }

    /**
     * What the outstanding intents of stacks other than {@code stack} name, by path: paths those stacks own
     * although their records may not be written yet. Empty, at the cost of one look-up, when no stack has any.
     */
    Map<RelativePath, FileRecord> others(String stack) throws IOException {
        Map<RelativePath, FileRecord> claimed = new LinkedHashMap<>();
        for (RootDirectory.Entry entry : root.entries(INTENTS)) {
            if (entry.directory() && !entry.name().equals(stack) && RecordLayout.isStack(entry.name())) {
                entries(entry.name()).forEach(claimed::putIfAbsent);
            }
        }
        return claimed;
    }
}
