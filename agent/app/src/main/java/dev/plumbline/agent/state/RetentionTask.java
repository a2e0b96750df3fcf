package dev.plumbline.agent.state;

import dev.plumbline.config.AdminConfig;
import dev.plumbline.yaml.Durations;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent runs at start and every {@code admin.retention.interval}: prunes the store
 * ({@link Pruning}) and says in the log what went when anything did. A failure is logged and left for the next
 * time; it never stops the schedule.
 */
public final class RetentionTask implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionTask.class);

    private final Pruning store;
    private final AdminConfig.Retention retention;

    public RetentionTask(Pruning store, AdminConfig.Retention retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void run() {
        try {
            Pruning.Pruned pruned = store.prune(retention);
            if (pruned.total() > 0) {
                LOG.info("retention: deleted {} audit entries, {} runs and {} webhook deliveries past admin.retention",
                        pruned.audit(), pruned.runs(), pruned.webhookDeliveries());
            }
        } catch (RuntimeException e) {
            LOG.warn("retention: could not prune the state store; trying again in {}: {}",
                    Durations.format(retention.interval()), e.getMessage());
        }
    }
}
