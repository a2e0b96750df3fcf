package dev.plumbline.provider.etcd;

import java.util.Objects;
import java.util.Optional;

/**
 * Where things live in etcd for one provider. Data: {@code <prefix><key>}, so the Key {@code app/url} of a
 * provider with prefix {@code /config/} is {@code /config/app/url}. Provenance: one record per key a stack
 * wrote, in the reserved area {@code <prefix>.plumbline/owners/<stack>/<key>}, for example
 * {@code /config/.plumbline/owners/web/app/url}; so {@code etcdctl get --prefix /config/.plumbline/owners/web/}
 * lists everything stack {@code web} wrote, and a record sits next to nothing but other records.
 */
record KeyLayout(String prefix) {

    static final String OWNERS = KeyPath.RESERVED + "/owners/";

    KeyLayout {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a provider prefix starts and ends with '/': " + prefix);
        }
    }

    /** The etcd key of the data at {@code key}. */
    String data(KeyPath key) {
        return prefix + key.text();
    }

    /** The key at {@code full}, relative to the prefix, when it is data of this provider. */
    Optional<KeyPath> relative(String full) {
        if (!full.startsWith(prefix) || full.length() == prefix.length()) {
            return Optional.empty();
        }
        String rest = full.substring(prefix.length());
        return rest.startsWith(KeyPath.RESERVED + "/") ? Optional.empty() : Optional.of(new KeyPath(rest));
    }

    /** The area where every stack's records live: {@code <prefix>.plumbline/owners/}. */
    String owners() {
        return prefix + OWNERS;
    }

    /** The area of one stack's records: {@code <prefix>.plumbline/owners/<stack>/}. */
    String owners(String stack) {
        if (stack.isEmpty() || stack.contains("/")) {
            throw new IllegalArgumentException("a stack name for the etcd provider has no '/': '" + stack + "'");
        }
        return owners() + stack + "/";
    }

    /** The etcd key of the record of {@code key} written by {@code stack}. */
    String record(String stack, KeyPath key) {
        return owners(stack) + key.text();
    }

    /** The stack and key a record's etcd key names, when {@code full} is one. */
    Optional<RecordKey> parseRecord(String full) {
        if (!full.startsWith(owners())) {
            return Optional.empty();
        }
        String rest = full.substring(owners().length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new RecordKey(rest.substring(0, slash), new KeyPath(rest.substring(slash + 1))));
    }

    /** The parts of a record's etcd key. */
    record RecordKey(String stack, KeyPath key) {
    }
}
