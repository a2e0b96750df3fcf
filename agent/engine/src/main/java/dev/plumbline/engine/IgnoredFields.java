package dev.plumbline.engine;

import dev.plumbline.config.IgnoreRule;
import dev.plumbline.model.LiveObject;
import dev.plumbline.model.Resource;
import dev.plumbline.model.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack's {@code ignore} rules applied to a desired resource before it is compared: each ignored field of an
 * object that is live takes the value it has live, or leaves the resource when the object has none there. So the field is never drift, and
 * an apply writes back what it found (a provider that patches fields sets it to the value it had a moment
 * before) or nothing; it never resets what an autoscaler or another controller set. A pointer steps into
 * mappings by key and into lists by index.
 */
final class IgnoredFields {

    private IgnoredFields() {
    }

    /**
     * The resource with its ignored fields as live has them; the very object when no rule is for it, and when
     * nothing is live (an object is created as its manifest says, as Argo CD creates it).
     */
    static Resource apply(Resource resource, List<IgnoreRule> rules, LiveObject live) {
        if (live == null) {
            return resource;
        }
        ResourceKey key = resource.key();
        Map<String, Object> document = resource.document();
        boolean changed = false;
        for (IgnoreRule rule : rules) {
            if (!rule.matches(key.group(), key.kind(), key.namespace(), key.name())) {
                continue;
            }
            Optional<Object> found = at(live.state(), rule.pointer());
            Optional<Object> wanted = at(document, rule.pointer());
            if (found.equals(wanted)) {
                continue;
            }
            Object next = found.isPresent() ? with(document, rule.pointer(), 0, found.get())
                    : without(document, rule.pointer(), 0);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) next;
            document = map;
            changed = true;
        }
        return changed ? resource.withDocument(document) : resource;
    }

    /** The value at the pointer, if there is one. */
    static Optional<Object> at(Object value, List<String> pointer) {
        Object current = value;
        for (String token : pointer) {
            if (current instanceof Map<?, ?> map && map.containsKey(token)) {
                current = map.get(token);
            } else if (current instanceof List<?> list && index(token, list.size()) >= 0) {
                current = list.get(index(token, list.size()));
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(current);
    }

    /** A copy of {@code value} with {@code replacement} at the pointer from {@code depth}, making mappings on the way. */
    private static Object with(Object value, List<String> pointer, int depth, Object replacement) {
        if (depth == pointer.size()) {
            return replacement;
        }
        String token = pointer.get(depth);
        if (value instanceof List<?> list) {
            int index = index(token, list.size());
            if (index < 0) {
                return value; // no such item: nothing to set there
            }
            List<Object> copy = new ArrayList<>(list);
            copy.set(index, with(list.get(index), pointer, depth + 1, replacement));
            return copy;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, item) -> copy.put(String.valueOf(name), item));
        }
        copy.put(token, with(copy.get(token), pointer, depth + 1, replacement));
        return copy;
    }

    /** A copy of {@code value} without what is at the pointer from {@code depth}. */
    private static Object without(Object value, List<String> pointer, int depth) {
        String token = pointer.get(depth);
        if (value instanceof Map<?, ?> map && map.containsKey(token)) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((name, item) -> copy.put(String.valueOf(name), item));
            if (depth == pointer.size() - 1) {
                copy.remove(token);
            } else {
                copy.put(token, without(copy.get(token), pointer, depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list && depth < pointer.size() - 1 && index(token, list.size()) >= 0) {
            int index = index(token, list.size());
            List<Object> copy = new ArrayList<>(list);
            copy.set(index, without(list.get(index), pointer, depth + 1));
            return copy;
        }
        return value;
    }

    private static int index(String token, int size) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            return -1;
        }
        int index = Integer.parseInt(token);
        return index < size ? index : -1;
    }
}
