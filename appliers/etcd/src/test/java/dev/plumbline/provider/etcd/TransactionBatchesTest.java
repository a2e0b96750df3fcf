package dev.plumbline.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a stack's writes are cut into transactions, without etcd: within the operations and bytes one
 * transaction may hold, a key never apart from its record, a resource whole when it fits, order kept.
 */
class TransactionBatchesTest {

    private static final KeyLayout LAYOUT = new KeyLayout("/config/");
    private static final RequestLimit DEFAULTS = RequestLimit.defaults("kv");

    /** A key written with its record (two comparisons, two writes), by the {@code change}th change. */
    private static KeyGroup key(String key, int change, int valueBytes) {
        KeyPath path = new KeyPath(key);
        KeyGroup.Builder group = new KeyGroup.Builder(path, change);
        group.check(LAYOUT.data(path), 0);
        group.check(LAYOUT.record("web", path), 0);
        group.write(LAYOUT.data(path), new KeyWrite.PutData(path, EtcdValue.text("v".repeat(valueBytes))));
        group.write(LAYOUT.record("web", path), new KeyWrite.DeleteRecord(path));
        return group.build();
    }

    /** {@code count} keys of one change, {@code name/0000} on. */
    private static List<KeyGroup> resource(String name, int change, int count) {
        List<KeyGroup> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(key(name + "/" + String.format("%04d", i), change, 10));
        }
        return keys;
    }

    private static List<String> keys(TransactionBatches.Batch batch) {
        return batch.groups().stream().map(group -> group.key().text()).toList();
    }

    @Test
    void sixtyFourKeysWithTheirRecordsFillOneTransactionOfEtcdsDefault128Operations() {
        List<KeyGroup> groups = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            groups.add(key(String.format("k%04d", i), i, 10));
        }

        List<TransactionBatches.Batch> batches = TransactionBatches.of(groups, DEFAULTS);

        assertThat(batches).extracting(batch -> batch.groups().size()).containsExactly(64, 64, 64, 8);
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.compares()).isLessThanOrEqualTo(128);
            assertThat(batch.puts()).isLessThanOrEqualTo(128);
        });
        assertThat(batches.stream().flatMap(batch -> keys(batch).stream()).toList())
                .as("in the order the changes came").isEqualTo(groups.stream().map(g -> g.key().text()).toList());
    }

    @Test
    void aResourceThatFitsInOneTransactionIsNeverSplitTheTransactionBeforeItClosesEarly() {
        List<KeyGroup> groups = new ArrayList<>(resource("keys", 0, 60));
        groups.addAll(resource("set", 1, 10));

        List<TransactionBatches.Batch> batches = TransactionBatches.of(groups, DEFAULTS);

        assertThat(batches).hasSize(2);
        assertThat(keys(batches.get(0))).hasSize(60).allMatch(key -> key.startsWith("keys/"));
        assertThat(keys(batches.get(1))).hasSize(10).allMatch(key -> key.startsWith("set/"));
    }

    @Test
    void aResourceLargerThanOneTransactionFillsTheOneBeforeAndGoesOnInKeyOrder() {
        List<KeyGroup> groups = new ArrayList<>(resource("first", 0, 10));
        groups.addAll(resource("large", 1, 150));
        groups.addAll(resource("last", 2, 5));

        List<TransactionBatches.Batch> batches = TransactionBatches.of(groups, DEFAULTS);

        assertThat(batches).extracting(batch -> batch.groups().size()).containsExactly(64, 64, 37);
        assertThat(keys(batches.get(0))).startsWith("first/0000").contains("large/0000").endsWith("large/0053");
        assertThat(keys(batches.get(1))).startsWith("large/0054").endsWith("large/0117");
        assertThat(keys(batches.get(2))).startsWith("large/0118").endsWith("last/0004");
    }

    @Test
    void bytesCutTransactionsToo() {
        RequestLimit small = new RequestLimit("kv", 16 * 1024, 128);
        List<KeyGroup> groups = List.of(key("a", 0, 8 * 1024), key("b", 1, 8 * 1024), key("c", 2, 100),
                key("d", 3, 8 * 1024));

        List<TransactionBatches.Batch> batches = TransactionBatches.of(groups, small);

        assertThat(batches).extracting(TransactionBatchesTest::keys)
                .containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
        assertThat(batches).allSatisfy(batch -> assertThat(batch.bytes()).isLessThanOrEqualTo(small.budget()));
    }

    @Test
    void theMembersMaxTxnOpsSetsHowManyKeysGoTogether() {
        List<TransactionBatches.Batch> batches = TransactionBatches.of(resource("k", 0, 10),
                new RequestLimit("kv", RequestLimit.DEFAULT, 8));

        assertThat(batches).extracting(batch -> batch.groups().size()).containsExactly(4, 4, 2);
    }

    @Test
    void aKeyThatFitsInNoTransactionIsRefusedBeforeAnyIsMade() {
        RequestLimit small = new RequestLimit("kv", 16 * 1024, 128);
        KeyGroup huge = key("huge", 1, 20 * 1024);

        assertThat(TransactionBatches.fitsAlone(huge, small)).isFalse();
        assertThat(TransactionBatches.fitsAlone(key("fine", 0, 10), small)).isTrue();
        assertThatThrownBy(() -> TransactionBatches.of(List.of(key("fine", 0, 10), huge), small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huge");
    }
}
