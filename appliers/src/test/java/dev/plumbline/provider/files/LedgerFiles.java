package dev.plumbline.provider.files;

import dev.plumbline.model.Provenance;
import dev.plumbline.model.Values;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the files provider's ledgers straight from disk, the way a person (or a test) would without going
 * through the provider: plain YAML under {@code <root>/.plumbline/stacks/}.
 */
final class LedgerFiles {

    private LedgerFiles() {
    }

    static Path file(Path root, String stack) {
        return root.resolve(".plumbline/stacks/" + stack + ".yaml");
    }

    /** The ledger of {@code stack} as plain values; empty when there is none. */
    static Map<String, Object> read(Path root, String stack) throws IOException {
        Path file = file(root, stack);
        if (!Files.exists(file)) {
            return Map.of();
        }
        return Values.map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }

    /** The entry for {@code path} in the ledger of {@code stack}, if it lists one. */
    static Optional<Map<String, Object>> entry(Path root, String stack, String path) throws IOException {
        for (Object item : Values.list(read(root, stack).get("files"))) {
            if (path.equals(Values.map(item).get("path"))) {
                return Optional.of(Values.map(item));
            }
        }
        return Optional.empty();
    }

    /** The provenance some stack's ledger records for {@code path}. */
    static Optional<Provenance> provenance(Path root, String path) throws IOException {
        Path directory = root.resolve(".plumbline/stacks");
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ledgers = Files.newDirectoryStream(directory, "*.yaml")) {
            for (Path ledger : ledgers) {
                String stack = ledger.getFileName().toString().replaceFirst("\\.yaml$", "");
                Optional<Map<String, Object>> entry = entry(root, stack, path);
                if (entry.isPresent()) {
                    return Optional.of(new Provenance(stack, String.valueOf(entry.get().get("revision")),
                            Instant.parse(String.valueOf(entry.get().get("appliedAt")))));
                }
            }
        }
        return Optional.empty();
    }
}
