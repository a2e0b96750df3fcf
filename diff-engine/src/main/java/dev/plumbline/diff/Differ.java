package dev.plumbline.diff;

import dev.plumbline.model.Values;
import dev.plumbline.yaml.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The structural diff of two plain-value trees: every path where live differs from desired, in document
 * order (desired's key order first, then keys only live has). Lists compare by position. Pure.
 */
public final class Differ {

    private Differ() {
    }

    public static List<FieldChange> diff(Map<String, Object> live, Map<String, Object> desired) {
        List<FieldChange> changes = new ArrayList<>();
        compare(FieldPath.root(), live, desired, changes);
        return List.copyOf(changes);
    }

    private static void compare(FieldPath path, Object live, Object desired, List<FieldChange> changes) {
        if (live instanceof Map<?, ?> && desired instanceof Map<?, ?>) {
            Map<String, Object> liveMap = Values.map(live);
            Map<String, Object> desiredMap = Values.map(desired);
            Set<String> keys = new LinkedHashSet<>(desiredMap.keySet());
            keys.addAll(liveMap.keySet());
            for (String key : keys) {
                FieldPath child = path.key(key);
                if (!liveMap.containsKey(key)) {
                    changes.add(FieldChange.added(child, desiredMap.get(key)));
                } else if (!desiredMap.containsKey(key)) {
                    changes.add(FieldChange.removed(child, liveMap.get(key)));
                } else {
                    compare(child, liveMap.get(key), desiredMap.get(key), changes);
                }
            }
        } else if (live instanceof List<?> liveList && desired instanceof List<?> desiredList) {
            int common = Math.min(liveList.size(), desiredList.size());
            for (int i = 0; i < common; i++) {
                compare(path.index(i), liveList.get(i), desiredList.get(i), changes);
            }
            for (int i = common; i < desiredList.size(); i++) {
                changes.add(FieldChange.added(path.index(i), desiredList.get(i)));
            }
            for (int i = common; i < liveList.size(); i++) {
                changes.add(FieldChange.removed(path.index(i), liveList.get(i)));
            }
        } else if (!Objects.equals(live, desired)) {
            changes.add(FieldChange.changed(path, live, desired));
        }
    }
}
