package dev.plumbline.agent.state;

import dev.plumbline.config.AdminConfig;

/**
 * A state store that can drop what {@code admin.retention} no longer keeps: audit entries and webhook
 * deliveries past their age or count, and runs past their age or their stack's count. The agent calls it at
 * start and then every {@code retention.interval} ({@link RetentionTask}), so that the store stays bounded.
 * The JDBC stores have it; the metered wrapper passes it through.
 */
public interface Pruning {

    /**
     * Deletes, oldest first and in batches (each its own short write, so that runs are not held up), what
     * {@code retention} does not keep. A run still going is never deleted for its age.
     */
    Pruned prune(AdminConfig.Retention retention);

    /** How many records one {@link #prune} deleted, of each kind. */
    record Pruned(long audit, long runs, long webhookDeliveries) {

        public long total() {
            return audit + runs + webhookDeliveries;
        }
    }
}
