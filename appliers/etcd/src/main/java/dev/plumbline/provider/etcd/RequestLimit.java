package dev.plumbline.provider.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How large one etcd transaction may be: at most the members' {@code --max-request-bytes} (1.5 MiB unless
 * set), which etcd checks against the encoded request and refuses past it, whatever it holds; and at most
 * their {@code --max-txn-ops} (128 unless set) comparisons, at most that many writes and at most that many
 * reads in the branch taken on a failed comparison (etcd counts each of the three on its own). The provider
 * cuts a stack's changes into transactions within both ({@link TransactionBatches}), so it checks sizes
 * before etcd does: each value at validation, and every transaction before the first is sent. Sizes are
 * estimated from above (every key and value in UTF-8, plus a few bytes of encoding per operation), and the
 * provider keeps {@link #HEADROOM} below the limit for what etcd wraps around the request; {@link #budget()}
 * is what is left.
 */
record RequestLimit(String provider, long maxRequestBytes, int maxTxnOps) {

    /** etcd's default {@code --max-request-bytes}: 1.5 MiB. */
    static final long DEFAULT = 1536 * 1024;
    /** Kept free of the provider's own writes, for what etcd adds to a request (its raft entry header). */
    static final long HEADROOM = 1024;
    /** The smallest setting that leaves room for one small key and its provenance record. */
    static final long MINIMUM = 4096;
    /** etcd's default {@code --max-txn-ops}. */
    static final int DEFAULT_OPS = 128;
    /** The fewest operations that still write one key with its record: two comparisons, two writes. */
    static final int MINIMUM_OPS = 2;

    /** What a provenance record takes beside its key, its resource's name and its KeySet prefix. */
    private static final long RECORD = 448;
    /** The longest stack name a record's key is counted with at validation, before the stack is known. */
    private static final long STACK = 64;
    private static final long PUT = 16;
    private static final long COMPARE = 24;
    private static final long READ = 16;
    private static final long TRANSACTION = 64;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(|B|KiB|MiB|GiB)");

    RequestLimit {
        if (maxRequestBytes < MINIMUM) {
            throw new IllegalArgumentException("maxRequestBytes must be at least " + MINIMUM + " bytes");
        }
        if (maxTxnOps < MINIMUM_OPS) {
            throw new IllegalArgumentException("maxTxnOps must be at least " + MINIMUM_OPS);
        }
    }

    static RequestLimit defaults(String provider) {
        return new RequestLimit(provider, DEFAULT, DEFAULT_OPS);
    }

    /**
     * Reads a number of operations as the config writes it ({@code 128}, {@code "1024"}), at least
     * {@link #MINIMUM_OPS}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static int parseOps(String text) {
        String trimmed = text.trim();
        if (!trimmed.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + text + "' is not a number of operations; write the members'"
                    + " --max-txn-ops, like 128");
        }
        int ops = Integer.parseInt(trimmed);
        if (ops < MINIMUM_OPS) {
            throw new IllegalArgumentException("'" + text + "' is less than " + MINIMUM_OPS + ", too few for one"
                    + " key and its provenance record (two comparisons and two writes)");
        }
        return ops;
    }

    /**
     * Reads a size as the config writes it: a number of bytes ({@code 1572864}) or one with a unit
     * ({@code 1536KiB}, {@code 10MiB}), at least {@link #MINIMUM}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write a number of bytes, or one with"
                    + " a unit, like 1572864, 1536KiB or 10MiB");
        }
        long unit = switch (matcher.group(2)) {
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            case "GiB" -> 1024 * 1024 * 1024;
            default -> 1;
        };
        long bytes = Long.parseLong(matcher.group(1)) * unit;
        if (bytes < MINIMUM) {
            throw new IllegalArgumentException("'" + text + "' is less than " + MINIMUM + " bytes, too little for"
                    + " one key and its provenance record");
        }
        return bytes;
    }

    /** How many bytes the provider lets one transaction take. */
    long budget() {
        return maxRequestBytes - HEADROOM;
    }

    /** The setting as messages name it: {@code maxRequestBytes of provider 'kv': 1.5 MiB, the members' ...}. */
    String describe() {
        return "maxRequestBytes of provider '" + provider + "': " + bytes(maxRequestBytes)
                + ", the members' --max-request-bytes";
    }

    /** The other setting as messages name it: {@code maxTxnOps of provider 'kv': 128, the members' ...}. */
    String describeOps() {
        return "maxTxnOps of provider '" + provider + "': " + maxTxnOps + ", the members' --max-txn-ops";
    }

    /** Writing one key and its record, in a transaction that checks both and reads them back on a conflict. */
    static long keyWrite(String dataKey, long valueBytes, String recordKey, long recordBytes) {
        return put(dataKey, valueBytes) + check(dataKey) + put(recordKey, recordBytes) + check(recordKey);
    }

    /**
     * {@link #keyWrite} as validation counts it, before the stack (part of the record's key) is known; the
     * record keeps {@code metadataBytes} of labels and annotations ({@link KeyRecordJson#metadataBytes}).
     */
    static long keyWrite(KeyLayout layout, KeyPath key, long valueBytes, String resource, String prefix,
                         long metadataBytes) {
        String recordKey = layout.owners() + "x".repeat((int) STACK) + "/" + key.text();
        return keyWrite(layout.data(key), valueBytes, recordKey, record(key, resource, prefix) + metadataBytes);
    }

    /** What a record takes: {@link KeyRecordJson} with its key, resource and prefix, but no labels or annotations. */
    static long record(KeyPath key, String resource, String prefix) {
        return RECORD + STACK + utf8(key.text()) + utf8(resource) + utf8(prefix);
    }

    /** A put of {@code valueBytes} at {@code key}. */
    static long put(String key, long valueBytes) {
        return utf8(key) + valueBytes + PUT;
    }

    /** A delete of {@code key}. */
    static long delete(String key) {
        return utf8(key) + READ;
    }

    /** A comparison of {@code key}'s revision, and its read in the branch taken when one fails. */
    static long check(String key) {
        return utf8(key) * 2 + COMPARE + READ;
    }

    /** What every transaction takes besides its operations. */
    static long transaction() {
        return TRANSACTION;
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A size as people read it: {@code 512 bytes}, {@code 20.0 KiB}, {@code 1.5 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double kib = bytes / 1024.0;
        return kib < 1024 ? String.format(Locale.ROOT, "%.1f KiB", kib)
                : String.format(Locale.ROOT, "%.1f MiB", kib / 1024);
    }
}
