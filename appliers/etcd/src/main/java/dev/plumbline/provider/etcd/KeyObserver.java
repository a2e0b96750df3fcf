package dev.plumbline.provider.etcd;

import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import dev.plumbline.provider.ownership.RecordedMetadata;
import dev.plumbline.yaml.Binary;
import io.etcd.jetcd.KeyValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what is live for one stack, in bulk, and remembers what it read as an {@link Observation}. The
 * first read holds a range read of the provenance area, a range read per KeySet prefix and a get per Key,
 * in read-only transactions of at most {@code --max-txn-ops} reads each (ranges read in pages); a second
 * read, only when needed, gets the keys the stack's records name outside those (a key a Key moved away
 * from, the keys of a resource that is no longer desired). All of it is read at the revision of the first
 * answer, so it is one consistent picture however many requests it takes ({@link EtcdConnection#read}).
 * Values are kept as the bytes etcd holds; {@link LiveViews} turns what was read
 * into live objects, with the labels and annotations each desired resource asks for, to compare its records
 * with.
 */
final class KeyObserver {

    private static final Logger LOG = LoggerFactory.getLogger(KeyObserver.class);

    /** The live objects found, and the observation an apply will check against. */
    record Result(Map<ResourceKey, LiveObject> live, Observation observation) {
    }

    private final String provider;
    private final KeyLayout layout;
    private final EtcdConnection connection;

    KeyObserver(String provider, KeyLayout layout, EtcdConnection connection) {
        this.provider = provider;
        this.layout = layout;
        this.connection = connection;
    }

    Result observe(String stack, List<Resource> desired, Collection<ResourceKey> inventory) {
        layout.owners(stack); // refuses a stack name that cannot be part of a record's key
        Map<ResourceKey, EtcdSpec> specs = new LinkedHashMap<>();
        Map<ResourceKey, RecordedMetadata> metadata = new LinkedHashMap<>();
        Set<EtcdConnection.Read> reads = new LinkedHashSet<>();
        reads.add(new EtcdConnection.Read(layout.owners(), true));
        for (Resource resource : desired) {
            if (!isOurs(resource.key())) {
                continue;
            }
            EtcdSpec spec;
            try {
                spec = EtcdSpec.of(resource);
            } catch (IllegalArgumentException e) {
                throw EtcdFailures.invalid(resource, e);
            }
            specs.put(resource.key(), spec);
            metadata.put(resource.key(), RecordedMetadata.of(resource));
            if (spec instanceof KeySetSpec set) {
                reads.add(new EtcdConnection.Read(layout.data(set.prefix()), true));
            } else {
                reads.add(new EtcdConnection.Read(layout.data(((KeySpec) spec).key()), false));
            }
        }
        Reading reading = new Reading(stack);
        EtcdConnection.Found found = connection.read(List.copyOf(reads), "reading the keys of stack '" + stack
                + "' under " + layout.prefix());
        reading.absorb(List.copyOf(reads), found.values());
        List<EtcdConnection.Read> more = new ArrayList<>();
        Observation first = reading.toObservation();
        for (KeyRecord record : first.own().values()) {
            if (first.revision(layout.data(record.key())).isEmpty()) {
                more.add(new EtcdConnection.Read(layout.data(record.key()), false));
            }
        }
        if (!more.isEmpty()) {
            reading.absorb(more, connection.read(more, OptionalLong.of(found.revision()), "reading the keys stack '"
                    + stack + "' wrote before").values());
        }
        Observation observation = reading.toObservation();

        LiveViews views = new LiveViews(observation, reading.values, specs);
        Map<ResourceKey, LiveObject> live = new LinkedHashMap<>();
        specs.forEach((key, spec) -> views.desired(key, spec, metadata.get(key))
                .ifPresent(object -> live.put(key, object)));
        for (ResourceKey key : inventory) {
            if (!specs.containsKey(key) && isOurs(key)) {
                views.owned(key).ifPresent(object -> live.put(key, object));
            }
        }
        return new Result(live, observation);
    }

    private boolean isOurs(ResourceKey key) {
        return key.provider().equals(provider) && key.group().equals(EtcdProvider.GROUP)
                && (key.kind().equals(EtcdProvider.KEY) || key.kind().equals(EtcdProvider.KEY_SET));
    }

    /** What the reads found so far, sorted into revisions, values and records. */
    private final class Reading {
        private final String stack;
        private final Map<String, Long> revisions = new HashMap<>();
        private final List<String> ranges = new ArrayList<>();
        private final Map<KeyPath, Binary> values = new HashMap<>();
        private final Map<KeyPath, KeyRecord> own = new HashMap<>();
        private final Map<KeyPath, KeyRecord> others = new HashMap<>();

        Reading(String stack) {
            this.stack = stack;
        }

        void absorb(List<EtcdConnection.Read> reads, List<List<KeyValue>> found) {
            for (int i = 0; i < reads.size(); i++) {
                EtcdConnection.Read read = reads.get(i);
                if (read.prefix()) {
                    ranges.add(read.key());
                } else {
                    revisions.put(read.key(), 0L);
                }
                found.get(i).forEach(this::absorb);
            }
        }

        private void absorb(KeyValue kv) {
            String key = EtcdConnection.text(kv.getKey());
            revisions.put(key, kv.getModRevision());
            Optional<KeyLayout.RecordKey> recordKey = layout.parseRecord(key);
            if (recordKey.isPresent()) {
                String owner = recordKey.get().stack();
                try {
                    KeyRecord record = KeyRecordJson.read(owner, key, EtcdConnection.text(kv.getValue()));
                    if (!record.key().equals(recordKey.get().key())) {
                        throw new IllegalArgumentException("it names the key '" + record.key() + "'");
                    }
                    if (owner.equals(stack)) {
                        own.put(record.key(), record);
                    } else {
                        others.putIfAbsent(record.key(), record);
                    }
                } catch (IllegalArgumentException e) {
                    LOG.warn("ignoring the provenance record at {}: {}", key, e.getMessage());
                }
                return;
            }
            layout.relative(key).ifPresent(relative -> values.put(relative, Binary.of(kv.getValue().getBytes())));
        }

        Observation toObservation() {
            Map<KeyPath, String> digests = new HashMap<>();
            values.forEach((key, value) -> digests.put(key, value.sha256()));
            return new Observation(stack, revisions, ranges, digests, own, others);
        }
    }
}
