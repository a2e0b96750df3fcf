package dev.plumbline.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A key table is shared by every table with the same keys in the same order, and finds each key's place. */
class KeyTableTest {

    @Test
    void equalKeysInTheSameOrderGiveTheOneSharedTable() {
        KeyTable first = KeyTable.of(new Object[] {"apiVersion", "kind", "metadata", "spec"});
        KeyTable again = KeyTable.of(new Object[] {"apiVersion", "kind", "metadata", "spec"});
        KeyTable reordered = KeyTable.of(new Object[] {"kind", "apiVersion", "metadata", "spec"});

        assertThat(again).isSameAs(first);
        assertThat(reordered).isNotSameAs(first).isNotEqualTo(first);
        assertThat(KeyTable.of(new Object[0])).isSameAs(KeyTable.of(new Object[0]));
    }

    @Test
    void findsEachKeyByScanningASmallTableAndByIndexInALargeOne() {
        KeyTable small = KeyTable.of(new Object[] {"path", "content", "mode"});
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.find("content")).isEqualTo(1);
        assertThat(small.find("owner")).isEqualTo(-1);
        assertThat(small.key(2)).isEqualTo("mode");

        Object[] many = new Object[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = "key-" + i;
        }
        KeyTable large = KeyTable.of(many);
        assertThat(large.size()).isEqualTo(40);
        for (int i = 0; i < many.length; i++) {
            assertThat(large.find("key-" + i)).isEqualTo(i);
        }
        assertThat(large.find("key-40")).isEqualTo(-1);
        assertThat(KeyTable.of(many.clone())).isSameAs(large);
    }
}
