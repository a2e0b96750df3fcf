package dev.plumbline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceKeyTest {

    /** A record of the same components: what ResourceKey's equals and hashCode must agree with. */
    private record Same(String provider, String group, String kind, String namespace, String name) {
    }

    private static final List<ResourceKey> KEYS = List.of(
            new ResourceKey("local", "files.plumbline.dev", "File", "", "site"),
            new ResourceKey("local", "files.plumbline.dev", "File", "", "site2"),
            new ResourceKey("local", "files.plumbline.dev", "File", "a", "site"),
            new ResourceKey("local", "files.plumbline.dev", "Dir", "", "site"),
            new ResourceKey("local", "", "File", "", "site"),
            new ResourceKey("db", "postgres.plumbline.dev", "Role", "", "app"),
            new ResourceKey("db", "postgres.plumbline.dev", "Role", null, "App"));

    @Test
    void hashesAsARecordOfTheSameComponentsWould() {
        for (ResourceKey key : KEYS) {
            Same same = new Same(key.provider(), key.group(), key.kind(), key.namespace(), key.name());
            assertThat(key.hashCode()).isEqualTo(same.hashCode());
        }
    }

    @Test
    void equalsByEveryComponent() {
        for (ResourceKey key : KEYS) {
            for (ResourceKey other : KEYS) {
                assertThat(key.equals(other)).isEqualTo(key == other);
            }
            assertThat(key).isEqualTo(ResourceKey.parse(key.id()));
        }
        assertThat(KEYS.get(0).equals(null)).isFalse();
        assertThat(KEYS.get(0).equals(KEYS.get(0).id())).isFalse();
    }

    @Test
    void ordersByProviderGroupKindNamespaceAndName() {
        List<ResourceKey> sorted = new ArrayList<>(KEYS);
        sorted.sort(null);

        assertThat(sorted).isEqualTo(KEYS.stream().sorted(Comparator.comparing(ResourceKey::provider)
                .thenComparing(ResourceKey::group).thenComparing(ResourceKey::kind)
                .thenComparing(ResourceKey::namespace).thenComparing(ResourceKey::name)).toList());
        assertThat(sorted.get(0).provider()).isEqualTo("db");
    }
}
