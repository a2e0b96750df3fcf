package dev.plumbline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    private static String hashOf(String canonical) {
        return "sha256:" + ContentHash.sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hashesTheCanonicalFormWithTextKeysSorted() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("path", "a/b");
        spec.put("mode", "0644");
        spec.put("content", "hé");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("spec", spec);
        state.put("flags", List.of(true, 1L));

        assertThat(ContentHash.of(state)).isEqualTo(hashOf("{\"5:flags\":[Boolean(true),Long(1),],"
                + "\"4:spec\":{\"7:content\":\"2:hé\",\"4:mode\":\"4:0644\",\"4:path\":\"3:a/b\",},}"));
        assertThat(ContentHash.of(Values.freeze(state))).isEqualTo(ContentHash.of(state));
    }

    @Test
    void theOrderOfKeysDoesNotMatter() {
        Map<String, Object> one = new LinkedHashMap<>();
        Map<String, Object> other = new LinkedHashMap<>();
        for (int index = 0; index < 20; index++) {
            one.put("k" + index, index);
            other.put("k" + (19 - index), 19 - index);
        }

        assertThat(ContentHash.of(one)).isEqualTo(ContentHash.of(other));
    }

    @Test
    void keysThatAreNotTextAreSortedInTheirOwnOrder() {
        Map<Object, Object> numbered = new LinkedHashMap<>();
        numbered.put(10L, "a");
        numbered.put(2L, "b");

        assertThat(ContentHash.of(numbered)).isEqualTo(hashOf("{\"1:2\":\"1:b\",\"2:10\":\"1:a\",}"));
    }

    @Test
    void theSha256OfBytesIsHex() {
        assertThat(ContentHash.sha256("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ContentHash.sha256(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
