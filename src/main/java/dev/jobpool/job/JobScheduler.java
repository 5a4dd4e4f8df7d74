package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JobJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Moves jobs between the store and the pools: queues accepted jobs and wakes their pool, hands queued jobs
 * to a pool with free slots, and records each outcome, retrying with exponential backoff where allowed.
 *
 * <p>Every outcome names the attempt it belongs to and is written only if that attempt is still the running
 * one ({@link JobStore#update}), so the first ending wins — on this replica or another — and a late result is
 * dropped. A heartbeat renews the leases of the attempts running here, stops those this replica no longer
 * owns (cancelled elsewhere, or rescued after it lost the store for too long), and rescues the jobs of
 * replicas that died.
 */
@Component
public class JobScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
    private static final Duration EVICTION_PERIOD = Duration.ofSeconds(5);
    /** A cancel that keeps losing races with the job's own changes gives up after this many reads. */
    private static final int CANCEL_TRIES = 10;

    private final JobStore store;
    private final JobMetrics metrics;
    private final JobTimers timers;
    private final JobWaiters waiters;
    private final JobChangeListener changes;
    private final JobsProperties properties;
    private final StoreProperties storeProperties;
    private final Clock clock;
    private final Map<Pool, JobExecutor> executors = Collections.synchronizedMap(new EnumMap<>(Pool.class));
    /** The soonest wake-up armed per pool for a delayed job. */
    private final Map<Pool, Instant> nextWake = new EnumMap<>(Pool.class);
    /** The attempts running on this replica: a cache of their rows, never the record. */
    private final Map<JobId, Job> running = new ConcurrentHashMap<>();
    /** The timeout of each attempt running here: armed at its claim, cancelled when it ends or stops here. */
    private final Map<Attempt, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();

    private record Attempt(JobId id, int number) {
    }
    private volatile Instant lastRenewal;
    private volatile boolean started;

    public JobScheduler(JobStore store, JobMetrics metrics, JobTimers timers, JobWaiters waiters,
            JobChangeListener changes, JobsProperties properties, StoreProperties storeProperties, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.timers = timers;
        this.waiters = waiters;
        this.changes = changes;
        this.properties = properties;
        this.storeProperties = storeProperties;
        this.clock = clock;
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

    /**
     * Stores a new job and wakes its pool; returns the earlier job instead if the idempotency key is taken.
     *
     * @throws QueueFullException if the pool's queue is full, or the tenant's quota used up
     */
    JobStore.Added enqueue(Job job, JobExecutor executor) {
        JobStore.Added added = store.add(job, executor.queueCapacity());
        switch (added) {
            case JobStore.Created created -> {
                metrics.submitted(job);
                changes.changed(job);
                if (job.notBefore().isAfter(job.createdAt())) {
                    wakeAt(job.pool(), job.notBefore());
                } else {
                    executor.workAvailable();
                }
            }
            case JobStore.QueueFull full -> {
                metrics.rejected(job.pool(), "queue_full");
                throw QueueFullException.ofPool(job.pool(), full.capacity(), Duration.ofSeconds(1));
            }
            case JobStore.TenantQuotaFull full -> {
                metrics.rejected(job.pool(), "tenant_quota");
                throw QueueFullException.ofTenant(job.pool(), full.tenant(), full.maxQueued(), Duration.ofSeconds(1));
            }
            case JobStore.KeyTaken taken -> {
            }
        }
        return added;
    }

    /** Starts up to {@code max} queued jobs of a pool; the pool runs them and reports back. */
    public List<Job> claim(Pool pool, int max) {
        Instant now = clock.instant();
        List<Job> jobs = store.claimNext(pool, max, now);
        for (Job job : jobs) {
            running.put(job.id(), job);
            int attempt = job.attempts();
            timeouts.put(new Attempt(job.id(), attempt), timers.schedule(job.timeout(), () -> timedOut(job, attempt)));
            changes.changed(job);
            // from submission, or from the end of a retry's backoff; never negative when clocks tie
            Duration waited = Duration.between(job.notBefore(), job.startedAt());
            metrics.started(job, waited.isNegative() ? Duration.ZERO : waited);
        }
        return jobs;
    }

    /** The running attempt of a job on this replica, with live progress; empty if it runs elsewhere or not at all. */
    Optional<Job> runningHere(JobId id) {
        return Optional.ofNullable(running.get(id));
    }

    /** @param result the output as JSON text, which is what the job keeps, stores and answers */
    public void succeeded(Job job, int attempt, CompactJson result) {
        long size = result.size();
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
            job.succeed(result, now);
        }
        record(job, attempt, () -> {
            metrics.completed(job, "succeeded", Duration.between(job.startedAt(), now));
            log.debug("{} succeeded on attempt {}", job, attempt);
        });
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
        record(job, attempt, () -> {
            if (retrying) {
                log.info("{} failed attempt {} of {} ({}: {}); retrying in {}", job, attempt, job.maxAttempts(),
                        error.code(), error.message(), backoff);
                timers.schedule(backoff, () -> wake(job.pool()));
            } else {
                log.info("{} failed on attempt {}: {}: {}", job, attempt, error.code(), error.message());
                metrics.completed(job, outcome(error), Duration.between(job.startedAt(), now));
            }
        });
    }

    /**
     * Ends a running attempt that outlived its timeout and asks its pool to stop it. Returns false if the
     * attempt had already ended.
     */
    boolean timedOut(Job job, int attempt) {
        timeouts.remove(new Attempt(job.id(), attempt));
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
        record(job, attempt, () -> {
            log.info("{} timed out after {}", job, job.timeout());
            metrics.completed(job, outcome(error), Duration.between(job.startedAt(), now));
        });
        executors.get(job.pool()).stop(job.id());
        return true;
    }

    /** Writes the end (or retry) of a running attempt; on success runs {@code then}, else drops the outcome. */
    private void record(Job job, int attempt, Runnable then) {
        disarm(job.id(), attempt);
        store.update(job, JobStatus.RUNNING, attempt).whenComplete((written, failure) -> {
            running.remove(job.id(), job);
            if (failure != null) {
                log.warn("{} attempt {}: its outcome could not be stored; the job will be rescued after its lease",
                        job, attempt, failure);
            } else if (!written) {
                log.info("{} attempt {}: dropped its late outcome ({}); the job was ended or rescued first", job,
                        attempt, job.status());
            } else {
                changes.changed(job);
                then.run();
                if (job.status().isEnded()) {
                    waiters.ended(job);
                }
            }
        });
    }

    /**
     * Cancels a queued or running job and returns it cancelled; a running one is stopped by its pool here,
     * or by its owner replica, which learns it from the store.
     */
    Job cancel(JobId id) {
        for (int tries = 0; tries < CANCEL_TRIES; tries++) {
            Job job = store.find(id).orElseThrow(() -> JobNotFoundException.forId(id));
            Instant now = clock.instant();
            JobStatus from;
            int attempt;
            synchronized (job) {
                from = job.status();
                if (from.isEnded()) {
                    throw JobConflictException.alreadyEnded(job.id(), from);
                }
                attempt = job.attempts();
                job.cancel(now);
            }
            if (store.update(job, from, attempt).join()) {
                boolean wasRunning = from == JobStatus.RUNNING;
                metrics.completed(job, "cancelled", wasRunning ? Duration.between(job.startedAt(), now) : null);
                log.info("{} cancelled while {}", job, wasRunning ? "running" : "queued");
                stopHere(id, now);
                changes.changed(job);
                waiters.ended(id);
                return job;
            }
        }
        throw JobConflictException.busy(id);
    }

    /** Stops this replica's attempt of a job that ended elsewhere (a cancel, a rescue); no-op if none runs here. */
    private void stopHere(JobId id, Instant now) {
        Job local = running.remove(id);
        if (local == null) {
            return;
        }
        disarm(id, local.attempts());
        synchronized (local) {
            if (local.status() == JobStatus.RUNNING) {
                local.cancel(now); // only the cache: isRunning(attempt) turns false, the pool's outcome is dropped
            }
        }
        executors.get(local.pool()).stop(id);
    }

    private void disarm(JobId id, int attempt) {
        ScheduledFuture<?> timeout = timeouts.remove(new Attempt(id, attempt));
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    Duration backoffAfter(int attempt) {
        Duration backoff = properties.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return backoff.compareTo(properties.retryBackoffMax()) > 0 ? properties.retryBackoffMax() : backoff;
    }

    /**
     * Wakes a pool when a delayed job comes due. One timer per pool, for the soonest job known here: a million
     * delayed jobs cost no million timers. Later ones, and those of other replicas, are found by the heartbeat,
     * which wakes every pool.
     */
    private void wakeAt(Pool pool, Instant due) {
        synchronized (nextWake) {
            Instant armed = nextWake.get(pool);
            if (armed != null && !armed.isAfter(due) && armed.isAfter(clock.instant())) {
                return;
            }
            nextWake.put(pool, due);
        }
        Duration delay = Duration.between(clock.instant(), due);
        timers.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> wake(pool));
    }

    private void wake(Pool pool) {
        JobExecutor executor = executors.get(pool);
        if (executor != null) {
            executor.workAvailable();
        }
    }

    // --- the heartbeat: leases, rescue, progress, retention

    /**
     * Renews this replica's leases and stops attempts it no longer owns; if the store stays unreachable for a
     * whole lease, stops every attempt, since another replica will rescue them.
     */
    void heartbeat() {
        Instant now = clock.instant();
        try {
            store.saveProgress(running.values());
            // only the attempts running when the renewal was asked for: one claimed since is not in its answer
            Set<JobId> asked = Set.copyOf(running.keySet());
            Set<JobId> owned = new HashSet<>(store.renewLeases(asked, now));
            lastRenewal = now;
            for (JobId id : asked) {
                Job job = running.get(id);
                if (!owned.contains(id) && job != null && job.status() == JobStatus.RUNNING) {
                    log.info("{} is no longer this replica's (cancelled or rescued elsewhere); stopping its attempt", job);
                    stopHere(id, now);
                }
            }
            rescue(now);
            // the slow fallback for lost wake-ups: a submission on another replica, a delayed job coming due
            executors.values().forEach(JobExecutor::workAvailable);
        } catch (RuntimeException e) {
            Duration unrenewed = Duration.between(lastRenewal, now);
            log.warn("heartbeat failed ({}); leases last renewed {} ago", e.getMessage(), JobJson.formatDuration(unrenewed));
            if (unrenewed.compareTo(storeProperties.lease()) >= 0 && !running.isEmpty()) {
                log.warn("lost the store for a whole lease: stopping {} running attempts, which other replicas rescue",
                        running.size());
                running.keySet().forEach(id -> stopHere(id, now));
            }
        }
    }

    private void rescue(Instant now) {
        for (Job job : store.rescueAbandoned(now)) {
            changes.changed(job);
            JobStatus status = job.status();
            log.warn("{} lost its replica on attempt {}; {}", job, job.attempts(),
                    status == JobStatus.QUEUED ? "queued again" : "failed: no attempts left");
            if (status == JobStatus.QUEUED) {
                wake(job.pool());
            } else {
                metrics.completed(job, outcome(job.snapshot().error()), null);
                waiters.ended(job.id());
            }
        }
    }

    private void evictEnded() {
        try {
            int evicted = store.evictEnded(clock.instant().minus(properties.retention()));
            if (evicted > 0) {
                log.debug("evicted {} ended jobs", evicted);
            }
        } catch (RuntimeException e) {
            log.warn("evicting ended jobs failed: {}", e.getMessage());
        }
    }

    private static String outcome(JobError error) {
        return error.code().name().toLowerCase(Locale.ROOT);
    }

    // --- lifecycle: rescue what a previous process left running, then beat until shutdown

    @Override
    public void start() {
        store.listen(new JobStore.Listener() {
            @Override
            public void submitted(Pool pool) {
                wake(pool);
            }

            @Override
            public void ended(JobId id) {
                waiters.ended(id);
                stopHere(id, clock.instant()); // cancelled through another replica while it runs here
            }

            @Override
            public void heard(String message) {
                changes.heard(message);
            }
        });
        lastRenewal = clock.instant();
        try {
            rescue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("could not look for abandoned jobs at start ({}); the heartbeat tries again", e.getMessage());
        }
        timers.every(storeProperties.heartbeat(), this::heartbeat);
        timers.every(EVICTION_PERIOD, this::evictEnded);
        executors.values().forEach(JobExecutor::workAvailable);
        started = true;
    }

    @Override
    public void stop() {
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Before the pools start claiming (they start in the default phase), after the store is up. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
