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
import java.util.TreeMap;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the files provider's ledgers straight from disk, the way a person (or a test) would without going
 * through the provider: one plain YAML record per managed file, at
 * {@code <root>/.plumbline/stacks/<stack>/<path>.yaml}.
 */
final class LedgerFiles {

    private LedgerFiles() {
    }

    /** The ledger directory of {@code stack}. */
    static Path directory(Path root, String stack) {
        return root.resolve(".plumbline/stacks/" + stack);
    }

    /** The record of the managed file {@code path} in the ledger of {@code stack}. */
    static Path record(Path root, String stack, String path) {
        return directory(root, stack).resolve(path + ".yaml");
    }

    /** Every record of {@code stack} as plain values, by the path it records; empty when there is none. */
    static Map<String, Map<String, Object>> read(Path root, String stack) throws IOException {
        Map<String, Map<String, Object>> records = new TreeMap<>();
        Path directory = directory(root, stack);
        if (!Files.isDirectory(directory)) {
            return records;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Map<String, Object> record = parse(file);
                records.put(String.valueOf(record.get("path")), record);
            }
        }
        return records;
    }

    /** The record of {@code path} in the ledger of {@code stack}, if there is one. */
    static Optional<Map<String, Object>> entry(Path root, String stack, String path) throws IOException {
        Path file = record(root, stack, path);
        return Files.exists(file) ? Optional.of(parse(file)) : Optional.empty();
    }

    /** The provenance some stack's record gives {@code path}. */
    static Optional<Provenance> provenance(Path root, String path) throws IOException {
        Path stacks = root.resolve(".plumbline/stacks");
        if (!Files.isDirectory(stacks)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ledgers = Files.newDirectoryStream(stacks, Files::isDirectory)) {
            for (Path ledger : ledgers) {
                Optional<Map<String, Object>> entry = entry(root, ledger.getFileName().toString(), path);
                if (entry.isPresent()) {
                    return Optional.of(new Provenance(String.valueOf(entry.get().get("stack")),
                            String.valueOf(entry.get().get("revision")),
                            Instant.parse(String.valueOf(entry.get().get("appliedAt")))));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> parse(Path file) throws IOException {
        return Values.map(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }
}
