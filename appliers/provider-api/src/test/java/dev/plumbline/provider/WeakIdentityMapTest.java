package dev.plumbline.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

    @Test
    void anEntryIsFoundThroughTheVeryObjectItWasPutUnderNotAnEqualOne() {
        WeakIdentityMap<String, Integer> map = new WeakIdentityMap<>();
        String key = new String("web");
        String equal = new String("web");

        map.put(key, 1);

        assertThat(map.get(key)).contains(1);
        assertThat(map.get(equal)).isEmpty();
        map.put(equal, 2);
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.get(key)).contains(1);
        map.put(key, 3);
        assertThat(map.get(key)).as("put again replaces").contains(3);
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(key)).isEmpty();
    }
}
