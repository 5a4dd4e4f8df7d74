package dev.jobpool.job;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One platform thread for everything that happens later: job timeouts, retry backoffs, eviction. Tasks
 * must be short; they hand real work to the pools.
 */
@Component
public class JobTimers {

    private final ScheduledThreadPoolExecutor executor;

    public JobTimers() {
        executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("jobpool-timers").daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
    }

    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    public ScheduledFuture<?> every(Duration period, Runnable task) {
        return executor.scheduleWithFixedDelay(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
