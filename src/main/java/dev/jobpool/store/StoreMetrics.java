package dev.jobpool.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The store's meters: {@code jobpool.store.operation} (latency by operation), {@code jobpool.store.batch.size}
 * (writes per commit) and {@code jobpool.store.rescued} (jobs put back after their replica died, by outcome).
 */
final class StoreMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> operations = new ConcurrentHashMap<>();
    private final Map<String, Counter> rescued = new ConcurrentHashMap<>();
    private final DistributionSummary batchSizes;

    StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("jobpool.store.batch.size")
                .description("Writes committed together in one transaction")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void operation(String name, long nanos) {
        operations.computeIfAbsent(name, key -> Timer.builder("jobpool.store.operation")
                .description("Time a job store operation took, commit included")
                .tag("operation", key)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void batch(long size) {
        batchSizes.record(size);
    }

    /** @param outcome {@code retried} or {@code failed} */
    void rescued(String outcome) {
        rescued.computeIfAbsent(outcome, key -> Counter.builder("jobpool.store.rescued")
                .description("Running jobs put back after their replica stopped renewing its lease")
                .tag("reason", "node_lost")
                .tag("outcome", key)
                .register(registry)).increment();
    }
}
