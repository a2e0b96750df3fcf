package dev.plumbline.engine.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The operator records of an {@link InMemoryStateStore}: stack controls, the audit log and webhook
 * deliveries, each call atomic under the store's lock. Unlike the SQLite store it forgets no delivery.
 */
final class InMemoryOperatorRecords implements StackControls, AuditLog, WebhookDeliveries {

    /** Newest first; the same second falls back on the delivery id, as the SQLite store orders them. */
    private static final Comparator<WebhookDelivery> NEWEST_FIRST = Comparator
            .comparing(WebhookDelivery::receivedAt).reversed()
            .thenComparing(WebhookDelivery::deliveryId);

    private final InMemoryStateStore store;
    private final Map<String, StackControl> controls = new HashMap<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private final Map<String, Map<String, WebhookDelivery>> deliveries = new HashMap<>();

    InMemoryOperatorRecords(InMemoryStateStore store) {
        this.store = store;
    }

    @Override
    public StackControl get(String stack) {
        Objects.requireNonNull(stack, "stack");
        return store.locked(() -> controls.getOrDefault(stack, StackControl.none(stack)));
    }

    @Override
    public void setPaused(String stack, boolean paused) {
        change(stack, c -> new StackControl(stack, paused, c.pinnedRevision(), c.lastRequest(), c.lastHandledRequest()));
    }

    @Override
    public void setPinned(String stack, String revision) {
        change(stack, c -> new StackControl(stack, c.paused(), Optional.ofNullable(revision), c.lastRequest(),
                c.lastHandledRequest()));
    }

    @Override
    public void requested(String stack, String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        change(stack, c -> new StackControl(stack, c.paused(), c.pinnedRevision(), Optional.of(requestId),
                c.lastHandledRequest()));
    }

    @Override
    public void handled(String stack, String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        change(stack, c -> c.lastHandledRequest().filter(last -> last.compareTo(requestId) >= 0).isPresent() ? c
                : new StackControl(stack, c.paused(), c.pinnedRevision(), c.lastRequest(), Optional.of(requestId)));
    }

    private void change(String stack, UnaryOperator<StackControl> change) {
        Objects.requireNonNull(stack, "stack");
        store.locked(() -> controls.put(stack, change.apply(controls.getOrDefault(stack, StackControl.none(stack)))));
    }

    @Override
    public void record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        store.locked(() -> audit.add(new AuditEntry(audit.size() + 1, InMemoryStateStore.millis(entry.at()),
                entry.actor(), entry.action(), entry.target(), entry.status(), entry.result())));
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        InMemoryStateStore.positive(limit);
        return store.locked(() -> {
            List<AuditEntry> newest = new ArrayList<>();
            for (int i = audit.size() - 1; i >= 0 && newest.size() < limit; i--) {
                newest.add(audit.get(i));
            }
            return List.copyOf(newest);
        });
    }

    @Override
    public boolean remember(WebhookDelivery delivery) {
        WebhookDelivery kept = new WebhookDelivery(delivery.source(), delivery.deliveryId(),
                InMemoryStateStore.millis(delivery.receivedAt()), delivery.host(), delivery.ref(), delivery.revision(),
                delivery.result());
        return store.locked(() -> deliveries.computeIfAbsent(kept.source(), s -> new LinkedHashMap<>())
                .putIfAbsent(kept.deliveryId(), kept) == null);
    }

    @Override
    public List<WebhookDelivery> recent(String source, int limit) {
        Objects.requireNonNull(source, "source");
        InMemoryStateStore.positive(limit);
        return store.locked(() -> deliveries.getOrDefault(source, Map.of()).values().stream()
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList());
    }
}
