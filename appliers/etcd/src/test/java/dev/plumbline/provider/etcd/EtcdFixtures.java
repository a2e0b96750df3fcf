package dev.plumbline.provider.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared set-up of the etcd provider's tests: a fresh prefix per test, a provider on it, records read directly. */
final class EtcdFixtures {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private EtcdFixtures() {
    }

    /** A provider prefix no other test uses, like {@code /t7/config/}. */
    static String freshPrefix() {
        return "/t" + PREFIXES.incrementAndGet() + "/config/";
    }

    static EtcdProvider provider(EtcdServer etcd, String prefix) {
        return new EtcdProvider("kv", List.of(URI.create(etcd.endpoint())), prefix, Duration.ofSeconds(10));
    }

    /** The record some stack keeps of {@code relative}, read straight from etcd. */
    static Optional<KeyRecord> record(EtcdServer etcd, String prefix, String relative) {
        String owners = prefix + ".plumbline/owners/";
        return etcd.getPrefix(owners).entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("/" + relative))
                .map(entry -> {
                    String stack = entry.getKey().substring(owners.length()).split("/", 2)[0];
                    return KeyRecordJson.read(stack, entry.getKey(), entry.getValue());
                })
                .findFirst();
    }

    /** Puts {@code bytes} at {@code key} as they are, as another writer would. */
    static void putBytes(EtcdServer etcd, String key, byte[] bytes) {
        try {
            etcd.client().getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(bytes))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot put " + key + " into the test etcd", e);
        }
    }

    /** The bytes at {@code key}, as they are. */
    static Optional<byte[]> getBytes(EtcdServer etcd, String key) {
        try {
            List<KeyValue> found = etcd.client().getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS).getKvs();
            return found.stream().findFirst().map(kv -> kv.getValue().getBytes());
        } catch (Exception e) {
            throw new IllegalStateException("cannot get " + key + " from the test etcd", e);
        }
    }
}
