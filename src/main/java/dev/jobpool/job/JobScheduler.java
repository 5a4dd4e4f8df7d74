package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.JobJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Moves jobs between the store and the pools: queues accepted jobs and wakes their pool, hands queued jobs
 * to a pool with free slots, and records each outcome, retrying with exponential backoff where allowed.
 *
 * <p>Every outcome names the attempt it belongs to; an outcome for an attempt that is no longer running
 * (it timed out or was cancelled first) is dropped, so the first ending wins and nothing is overwritten.
 */
@Component
public class JobScheduler {

    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
    private static final Duration EVICTION_PERIOD = Duration.ofSeconds(5);

    private final JobStore store;
    private final JobMetrics metrics;
    private final JobTimers timers;
    private final JobsProperties properties;
    private final Clock clock;
    private final Map<Pool, JobExecutor> executors = Collections.synchronizedMap(new EnumMap<>(Pool.class));

    public JobScheduler(JobStore store, JobMetrics metrics, JobTimers timers, JobsProperties properties, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.timers = timers;
        this.properties = properties;
        this.clock = clock;
        timers.every(EVICTION_PERIOD, this::evictEnded);
    }

    /** A pool announces itself; it will be woken for its pool's jobs. */
    public void register(JobExecutor executor) {
        if (executors.putIfAbsent(executor.pool(), executor) != null) {
            throw new IllegalStateException("two executors for the " + executor.pool() + " pool");
        }
    }

    public Optional<JobExecutor> executor(Pool pool) {
        return Optional.ofNullable(executors.get(pool));
    }

    public Collection<JobExecutor> executors() {
        return List.copyOf(executors.values());
    }

    /** Queues a new job and wakes its pool; returns the earlier job instead if the idempotency key is taken. */
    Job enqueue(Job job) {
        Optional<Job> holder = store.addUnlessKeyTaken(job);
        if (holder.isPresent()) {
            return holder.get();
        }
        metrics.submitted(job);
        executors.get(job.pool()).workAvailable();
        return job;
    }

    /** Starts up to {@code max} queued jobs of a pool; the pool runs them and reports back. */
    public List<Job> claim(Pool pool, int max) {
        Instant now = clock.instant();
        List<Job> jobs = store.claimNext(pool, max, now);
        for (Job job : jobs) {
            // from submission, or from the end of a retry's backoff; never negative when clocks tie
            Duration waited = Duration.between(job.notBefore(), job.startedAt());
            metrics.started(job, waited.isNegative() ? Duration.ZERO : waited);
        }
        return jobs;
    }

    public void succeeded(Job job, int attempt, JsonNode result) {
        long size = JsonSize.estimate(result);
        if (size > properties.maxResultSize().toBytes()) {
            failed(job, attempt, new JobError(ErrorCode.RESULT_TOO_LARGE, "the result is about " + size / 1024 / 1024
                    + " MB, more than jobpool.jobs.max-result-size (" + properties.maxResultSize().toMegabytes() + "MB)"), false);
            return;
        }
        Instant now = clock.instant();
        synchronized (job) {
            if (!job.isRunning(attempt)) {
                return;
            }
            job.succeed(result, size, now);
        }
        store.update(job);
        metrics.completed(job, "succeeded", Duration.between(job.startedAt(), now));
        log.debug("{} succeeded on attempt {}", job, attempt);
    }

    /** Records a failure; retries after a backoff if the failure is retryable and attempts remain. */
    public void failed(Job job, int attempt, JobError error, boolean retryable) {
        Instant now = clock.instant();
        Duration backoff = backoffAfter(attempt);
        boolean retrying;
        synchronized (job) {
            if (!job.isRunning(attempt)) {
                return;
            }
            retrying = retryable && attempt < job.maxAttempts();
            if (retrying) {
                job.retry(error, now.plus(backoff));
            } else {
                job.fail(error, now);
            }
        }
        store.update(job);
        if (retrying) {
            log.info("{} failed attempt {} of {} ({}: {}); retrying in {}", job, attempt, job.maxAttempts(),
                    error.code(), error.message(), backoff);
            timers.schedule(backoff, () -> executors.get(job.pool()).workAvailable());
        } else {
            log.info("{} failed on attempt {}: {}: {}", job, attempt, error.code(), error.message());
            metrics.completed(job, outcome(error), Duration.between(job.startedAt(), now));
        }
    }

    /**
     * Ends a running attempt that outlived its timeout and asks its pool to stop it. Returns false if the
     * attempt had already ended.
     */
    public boolean timedOut(Job job, int attempt) {
        JobError error = new JobError(ErrorCode.TIMED_OUT,
                "the job ran longer than its timeout of " + JobJson.formatDuration(job.timeout())
                        + "; raise timeout in the job spec if it needs longer");
        Instant now = clock.instant();
        synchronized (job) {
            if (!job.isRunning(attempt)) {
                return false;
            }
            job.fail(error, now);
        }
        store.update(job);
        log.info("{} timed out after {}", job, job.timeout());
        metrics.completed(job, outcome(error), Duration.between(job.startedAt(), now));
        executors.get(job.pool()).stop(job.id());
        return true;
    }

    /** Cancels a queued or running job; a running one is stopped by its pool. */
    void cancel(Job job) {
        Instant now = clock.instant();
        boolean wasRunning;
        synchronized (job) {
            JobStatus status = job.status();
            if (status.isEnded()) {
                throw JobConflictException.alreadyEnded(job.id(), status);
            }
            wasRunning = status == JobStatus.RUNNING;
            job.cancel(now);
        }
        store.update(job);
        metrics.completed(job, "cancelled", wasRunning ? Duration.between(job.startedAt(), now) : null);
        log.info("{} cancelled while {}", job, wasRunning ? "running" : "queued");
        if (wasRunning) {
            executors.get(job.pool()).stop(job.id());
        }
    }

    Duration backoffAfter(int attempt) {
        Duration backoff = properties.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return backoff.compareTo(properties.retryBackoffMax()) > 0 ? properties.retryBackoffMax() : backoff;
    }

    private void evictEnded() {
        try {
            int evicted = store.evictEnded(clock.instant().minus(properties.retention()));
            if (evicted > 0) {
                log.debug("evicted {} ended jobs", evicted);
            }
        } catch (RuntimeException e) {
            log.error("evicting ended jobs failed", e);
        }
    }

    private static String outcome(JobError error) {
        return error.code().name().toLowerCase(Locale.ROOT);
    }
}
