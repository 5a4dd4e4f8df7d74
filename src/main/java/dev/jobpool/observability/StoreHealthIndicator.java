package dev.jobpool.observability;

import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreInfo;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: a replica that cannot reach its job store takes no traffic (its submissions would get
 * 503), and comes back by itself when the database does.
 */
@Component("jobStoreHealthIndicator") // shown as "jobStore" in health
class StoreHealthIndicator implements HealthIndicator {

    private final JobStore store;

    StoreHealthIndicator(JobStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        StoreInfo info = store.info();
        Health.Builder health = info.reachable() ? Health.up() : Health.down();
        health.withDetail("type", info.type());
        if (info.latency() != null) {
            health.withDetail("latencyMillis", info.latency().toNanos() / 1e6);
        }
        if (info.location() != null) {
            health.withDetail("location", info.location());
        }
        // on PostgreSQL, every live replica with its last heartbeat
        return health.withDetail("replicas", info.nodes().stream()
                .map(node -> java.util.Map.of("id", node.id(), "heartbeatAt", node.heartbeatAt().toString(), "self", node.self()))
                .toList()).build();
    }
}
