package dev.jobpool.observability;

import dev.jobpool.cpupool.CpuPool;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of readiness: the service takes traffic only while at least one worker JVM is up. */
@Component
class CpuPoolHealthIndicator implements HealthIndicator {

    private final CpuPool pool;

    CpuPoolHealthIndicator(CpuPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        int ready = pool.readyWorkers();
        Health.Builder health = ready > 0 ? Health.up() : Health.outOfService();
        return health.withDetail("workers", ready).withDetail("capacity", pool.capacity()).build();
    }
}
