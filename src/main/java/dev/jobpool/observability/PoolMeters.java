package dev.jobpool.observability;

import dev.jobpool.job.JobExecutor;
import dev.jobpool.job.JobStore;
import dev.jobpool.jobtype.Pool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Gauges of each pool: jobs queued and running (from the store), and slots busy and in all. Spring Boot
 * meters thread-pool executors but not our virtual-thread pool, so its slots are bound here.
 */
@Component
class PoolMeters implements MeterBinder {

    private static final List<String> WORKER_STATES = List.of("idle", "busy", "stopping");

    private final List<JobExecutor> executors;
    private final JobStore store;

    PoolMeters(List<JobExecutor> executors, JobStore store) {
        this.executors = executors;
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Pool pool : Pool.values()) {
            String tag = pool.id();
            Gauge.builder("jobpool.jobs.queued", store, s -> s.countQueued(pool))
                    .description("Jobs waiting for a slot, retries included").tag("pool", tag).register(registry);
            Gauge.builder("jobpool.jobs.running", store, s -> s.countRunning(pool))
                    .description("Jobs started and not ended").tag("pool", tag).register(registry);
        }
        for (JobExecutor executor : executors) {
            String tag = executor.pool().id();
            Gauge.builder("jobpool.pool.slots", executor, JobExecutor::capacity)
                    .description("Jobs or map chunks the pool runs at once").tag("pool", tag).register(registry);
            Gauge.builder("jobpool.pool.slots.busy", executor, JobExecutor::busy)
                    .description("Slots in use").tag("pool", tag).register(registry);
            if (executor.pool() == Pool.CPU) {
                for (String state : WORKER_STATES) {
                    Gauge.builder("jobpool.workers", executor, e -> e.workers().stream().filter(w -> w.state().equals(state)).count())
                            .description("Worker JVMs by state").tag("state", state).register(registry);
                }
            }
        }
    }
}
