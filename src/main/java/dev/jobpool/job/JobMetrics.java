package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The job meters that count events: submitted, completed by outcome, rejected, and the wait and run time
 * histograms. Gauges (queued, running) are bound in {@code observability}. Tags are type, pool and outcome,
 * never a job id.
 */
@Component
public class JobMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void submitted(Job job) {
        counter("jobpool.jobs.submitted", "Jobs accepted", "type", job.type(), "pool", tag(job.pool())).increment();
    }

    void rejected(Pool pool, String reason) {
        counter("jobpool.jobs.rejected", "Submissions refused by admission control", "pool", tag(pool), "reason", reason)
                .increment();
    }

    void started(Job job, Duration waited) {
        timer("jobpool.jobs.wait", "Time from submission (or retry) to start", job).record(waited);
    }

    /** @param outcome {@code succeeded}, or the error code in lower case */
    void completed(Job job, String outcome, Duration ran) {
        counter("jobpool.jobs.completed", "Jobs ended, by outcome", "type", job.type(), "pool", tag(job.pool()),
                "outcome", outcome).increment();
        if (ran != null) {
            timer("jobpool.jobs.run", "Time from start to end of the last attempt", job).record(ran);
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private Timer timer(String name, String description, Job job) {
        return timers.computeIfAbsent(name + job.type() + job.pool(), key -> Timer.builder(name)
                .description(description)
                .tags("type", job.type(), "pool", tag(job.pool()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
    }

    static String tag(Pool pool) {
        return pool.id();
    }
}
