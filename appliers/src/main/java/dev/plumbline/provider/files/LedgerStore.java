package dev.plumbline.provider.files;

import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the stacks' ledgers live: one YAML file per stack at {@code <root>/.plumbline/stacks/<stack>.yaml},
 * read and replaced through {@link RootDirectory} and {@link AtomicFile} like any managed file. A ledger
 * left with no entries is removed.
 */
final class LedgerStore {

    static final RelativePath DIRECTORY = new RelativePath(List.of(RelativePath.RESERVED, "stacks"));

    private static final String SUFFIX = ".yaml";
    private static final Pattern STACK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final RootDirectory root;

    LedgerStore(RootDirectory root) {
        this.root = root;
    }

    /** This stack's ledger, empty when it has none yet. */
    Ledger read(String stack) throws IOException {
        RelativePath file = file(stack);
        return root.read(file).map(found -> parse(stack, file, found.content())).orElseGet(() -> Ledger.empty(stack));
    }

    /** Every stack's ledger under this root, by stack name. */
    Map<String, Ledger> readAll() throws IOException {
        Map<String, Ledger> ledgers = new LinkedHashMap<>();
        for (String name : root.list(DIRECTORY)) {
            if (name.endsWith(SUFFIX) && !RelativePath.isTempName(name)) {
                String stack = name.substring(0, name.length() - SUFFIX.length());
                if (STACK.matcher(stack).matches()) {
                    ledgers.put(stack, read(stack));
                }
            }
        }
        return ledgers;
    }

    /** Replaces the stack's ledger atomically, or removes it when it has no entries left. */
    void write(Ledger ledger) throws IOException {
        RelativePath file = file(ledger.stack());
        if (ledger.isEmpty()) {
            root.remove(file);
            return;
        }
        AtomicFile.write(root.prepare(file), LedgerYaml.write(ledger).getBytes(StandardCharsets.UTF_8),
                FileMode.DEFAULT.permissions());
    }

    /** The ledger file of a stack, relative to the root. */
    RelativePath file(String stack) {
        if (!STACK.matcher(stack).matches()) {
            throw new StalledException("UnsafePath", "the stack name '" + stack + "' cannot name a ledger file;"
                    + " use letters, digits, '.', '_' and '-'");
        }
        List<String> segments = new ArrayList<>(DIRECTORY.segments());
        segments.add(stack + SUFFIX);
        return new RelativePath(segments);
    }

    private Ledger parse(String stack, RelativePath file, String text) {
        try {
            return LedgerYaml.read(stack, root.resolve(file).toString(), text);
        } catch (IllegalArgumentException e) {
            throw new TransientException("LedgerUnreadable", "the files ledger " + root.resolve(file) + " of stack '"
                    + stack + "' cannot be read (" + e.getMessage() + "); fix it, or restore it from a backup", e);
        }
    }
}
