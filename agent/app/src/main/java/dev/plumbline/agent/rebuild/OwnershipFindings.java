package dev.plumbline.agent.rebuild;

import dev.plumbline.provider.OwnershipScan.Owned;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the providers' ownership records say, as a rebuild of the inventory reads them: for each stack of the
 * config that was asked about, what it owns per provider (config order, each list sorted by key); for each
 * stack the records name that the config does not, how many objects it owns per provider (never recorded);
 * and the providers that cannot list what they own.
 */
public record OwnershipFindings(List<StackFindings> stacks, Map<String, Map<String, Integer>> skipped,
                                List<String> unscannable) {

    /** What one stack owns, per provider (only providers where it owns something). */
    public record StackFindings(String stack, Map<String, List<Owned>> byProvider) {
        public StackFindings {
            Objects.requireNonNull(stack, "stack");
            Map<String, List<Owned>> copy = new LinkedHashMap<>();
            byProvider.forEach((provider, owned) -> copy.put(provider, List.copyOf(owned)));
            byProvider = Collections.unmodifiableMap(copy);
        }

        /** Everything the stack owns, provider by provider. */
        public List<Owned> owned() {
            return byProvider.values().stream().flatMap(List::stream).toList();
        }

        public int count() {
            return byProvider.values().stream().mapToInt(List::size).sum();
        }
    }

    public OwnershipFindings {
        stacks = List.copyOf(stacks);
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        skipped.forEach((stack, counts) -> copy.put(stack, Collections.unmodifiableMap(
                new LinkedHashMap<>(counts))));
        skipped = Collections.unmodifiableMap(copy);
        unscannable = List.copyOf(unscannable);
    }

    /** How many objects the stacks of the config own, all together. */
    public int count() {
        return stacks.stream().mapToInt(StackFindings::count).sum();
    }
}
