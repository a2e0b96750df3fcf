package dev.plumbline.provider.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
}
