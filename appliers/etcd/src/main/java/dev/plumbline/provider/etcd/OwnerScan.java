package dev.plumbline.provider.etcd;

import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.OwnershipScan.Owned;
import io.etcd.jetcd.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each stack owns under the prefix, read back from the provenance records alone for a rebuild of the
 * inventory: one range read of {@code <prefix>.plumbline/owners/<stack>/}. A stack owns one resource per
 * kind and name its records name, keyed as the planner keys it ({@code <provider>/etcd.plumbline.dev/
 * <Key|KeySet>//<metadata.name>}); a KeySet's records are one resource, whose record is the newest of them
 * (as observe reports it), adopted only when none of them says created ({@link KeyRecord#combined}). A
 * record that cannot be read is left out with a warning, as observe leaves it out. Only reads.
 */
final class OwnerScan {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerScan.class);

    private final String provider;
    private final KeyLayout layout;
    private final EtcdConnection connection;

    OwnerScan(String provider, KeyLayout layout, EtcdConnection connection) {
        this.provider = provider;
        this.layout = layout;
        this.connection = connection;
    }

    List<String> stacks() {
        Set<String> stacks = new TreeSet<>();
        for (KeyValue kv : read(layout.owners(), "reading which stacks keep records under " + layout.prefix())) {
            layout.parseRecord(EtcdConnection.text(kv.getKey())).ifPresent(found -> stacks.add(found.stack()));
        }
        return List.copyOf(stacks);
    }

    List<Owned> owned(String stack) {
        if (stack.isEmpty() || stack.contains("/")) {
            return List.of(); // no record can be filed under such a name
        }
        Map<ResourceKey, List<KeyRecord>> byResource = new LinkedHashMap<>();
        for (KeyValue kv : read(layout.owners(stack), "reading the records of stack '" + stack + "' under "
                + layout.prefix())) {
            record(stack, kv).ifPresent(record -> byResource.computeIfAbsent(new ResourceKey(provider,
                    EtcdProvider.GROUP, record.kind(), "", record.resource()), key -> new ArrayList<>()).add(record));
        }
        List<Owned> owned = new ArrayList<>();
        byResource.forEach((key, records) -> owned.add(new Owned(key, KeyRecord.combined(records))));
        owned.sort(Comparator.comparing(Owned::key));
        return owned;
    }

    private List<KeyValue> read(String prefix, String doing) {
        return connection.read(List.of(new EtcdConnection.Read(prefix, true)), doing).values().get(0);
    }

    private Optional<KeyRecord> record(String stack, KeyValue kv) {
        String key = EtcdConnection.text(kv.getKey());
        Optional<KeyLayout.RecordKey> at = layout.parseRecord(key).filter(found -> found.stack().equals(stack));
        if (at.isEmpty()) {
            return Optional.empty();
        }
        try {
            KeyRecord record = KeyRecordJson.read(stack, key, EtcdConnection.text(kv.getValue()));
            if (!record.key().equals(at.get().key())) {
                throw new IllegalArgumentException("it names the key '" + record.key() + "'");
            }
            if (!record.kind().equals(EtcdProvider.KEY) && !record.kind().equals(EtcdProvider.KEY_SET)) {
                throw new IllegalArgumentException("it names the kind '" + record.kind() + "'");
            }
            return Optional.of(record);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring the provenance record at {}: {}", key, e.getMessage());
            return Optional.empty();
        }
    }
}
