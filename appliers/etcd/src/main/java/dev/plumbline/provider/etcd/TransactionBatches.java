package dev.plumbline.provider.etcd;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stack's writes into etcd transactions that the members accept: at most {@code --max-txn-ops}
 * comparisons and at most that many writes each, and no more bytes than {@code --max-request-bytes} less
 * the provider's headroom ({@link RequestLimit}). Pure: it decides, {@link StackTransaction} sends.
 *
 * <ul>
 * <li>A key is never split from its record or its comparisons: a {@link KeyGroup} is the smallest unit.
 * <li>The keys of one change (a Key, or a KeySet's entries) go into one transaction whenever they fit in
 *     one, so a resource is written whole or not at all; a transaction is closed early rather than split a
 *     resource that would fit in the next. Only a resource larger than one transaction is split, in key
 *     order, across as many as it needs.
 * <li>Order is kept: keys go into transactions in the order the changes came in (the provider's apply
 *     order, deletes last), and transactions are sent in that order, so no key of a later change is
 *     written before one of an earlier change.
 * </ul>
 */
final class TransactionBatches {

    /** The keys of one transaction, with what they add up to. */
    record Batch(List<KeyGroup> groups, int compares, int puts, long bytes) {
        Batch {
            groups = List.copyOf(groups);
        }
    }

    private final RequestLimit limit;
    private final List<Batch> batches = new ArrayList<>();
    private List<KeyGroup> current = new ArrayList<>();
    private int compares;
    private int puts;
    private long bytes = RequestLimit.transaction();

    private TransactionBatches(RequestLimit limit) {
        this.limit = limit;
    }

    /** The bytes of a transaction holding {@code group} alone. */
    static long alone(KeyGroup group) {
        return RequestLimit.transaction() + group.bytes();
    }

    /** Whether {@code group} fits in a transaction at all; {@link #of} takes only groups that do. */
    static boolean fitsAlone(KeyGroup group, RequestLimit limit) {
        return group.compares() <= limit.maxTxnOps() && group.puts() <= limit.maxTxnOps()
                && alone(group) <= limit.budget();
    }

    /**
     * {@code groups}, in their order, cut into transactions within {@code limit}.
     *
     * @throws IllegalArgumentException when a group does not {@linkplain #fitsAlone fit alone}
     */
    static List<Batch> of(List<KeyGroup> groups, RequestLimit limit) {
        for (KeyGroup group : groups) {
            if (!fitsAlone(group, limit)) {
                throw new IllegalArgumentException("the writes of " + group.key() + " fit in no transaction");
            }
        }
        TransactionBatches cutting = new TransactionBatches(limit);
        int start = 0;
        while (start < groups.size()) {
            int end = start + 1;
            while (end < groups.size() && groups.get(end).change() == groups.get(start).change()) {
                end++;
            }
            cutting.add(groups.subList(start, end));
            start = end;
        }
        cutting.close();
        return List.copyOf(cutting.batches);
    }

    /** Adds the keys of one change: whole when they fit in one transaction, split across several otherwise. */
    private void add(List<KeyGroup> change) {
        int changeCompares = change.stream().mapToInt(KeyGroup::compares).sum();
        int changePuts = change.stream().mapToInt(KeyGroup::puts).sum();
        long changeBytes = change.stream().mapToLong(KeyGroup::bytes).sum();
        if (!fits(changeCompares, changePuts, changeBytes) && !current.isEmpty()
                && fitsAlone(changeCompares, changePuts, changeBytes)) {
            close();
        }
        for (KeyGroup group : change) {
            if (!fits(group.compares(), group.puts(), group.bytes())) {
                close();
            }
            current.add(group);
            compares += group.compares();
            puts += group.puts();
            bytes += group.bytes();
        }
    }

    private boolean fits(int moreCompares, int morePuts, long moreBytes) {
        return compares + moreCompares <= limit.maxTxnOps() && puts + morePuts <= limit.maxTxnOps()
                && bytes + moreBytes <= limit.budget();
    }

    private boolean fitsAlone(int moreCompares, int morePuts, long moreBytes) {
        return moreCompares <= limit.maxTxnOps() && morePuts <= limit.maxTxnOps()
                && RequestLimit.transaction() + moreBytes <= limit.budget();
    }

    private void close() {
        if (!current.isEmpty()) {
            batches.add(new Batch(current, compares, puts, bytes));
        }
        current = new ArrayList<>();
        compares = 0;
        puts = 0;
        bytes = RequestLimit.transaction();
    }
}
