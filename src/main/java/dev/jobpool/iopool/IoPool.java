package dev.jobpool.iopool;

import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobExecutor;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.JobsProperties;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JobFailure;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JobTypeRegistry;
import dev.jobpool.jobtype.registry.RegisteredJobType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs I/O-bound jobs, each on its own virtual thread, at most {@code jobpool.io.max-concurrency} at once.
 *
 * <p>One platform thread, the dispatcher, waits for a free slot, then for queued work, and claims as many
 * jobs as there are free slots (up to 64) in one call to the scheduler; a job that waits in the queue is not a
 * thread. A map job gives its slot back and runs its chunks in slots of their own, so a map over 10,000 items
 * runs 10,000 wide.
 */
@Component
public final class IoPool implements JobExecutor, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IoPool.class);
    /** Jobs claimed in one round trip to the store, at most; a durable store commits each claim. */
    private static final int MAX_CLAIM = 64;
    private static final Duration CLAIM_RETRY = Duration.ofSeconds(1);

    private final JobScheduler scheduler;
    private final JobStore store;
    private final JobTypeRegistry types;
    private final IoPoolProperties properties;
    private final Duration shutdownGrace;

    private final Semaphore slots;
    /** Holds at most one permit: "there may be new work". Lost wake-ups are impossible, spurious ones harmless. */
    private final Semaphore workSignal = new Semaphore(0);
    private final Map<JobId, IoRun> runs = new ConcurrentHashMap<>();
    private volatile Thread dispatcher;

    public IoPool(JobScheduler scheduler, JobStore store, JobTypeRegistry types,
            IoPoolProperties properties, JobsProperties jobs) {
        this.scheduler = scheduler;
        this.store = store;
        this.types = types;
        this.properties = properties;
        this.shutdownGrace = jobs.shutdownGrace();
        this.slots = new Semaphore(properties.maxConcurrency());
        scheduler.register(this);
    }

    @Override
    public Pool pool() {
        return Pool.IO;
    }

    @Override
    public int capacity() {
        return properties.maxConcurrency();
    }

    @Override
    public int busy() {
        return properties.maxConcurrency() - slots.availablePermits();
    }

    @Override
    public int queueCapacity() {
        return properties.queueCapacity();
    }

    @Override
    public void workAvailable() {
        if (workSignal.availablePermits() == 0) {
            workSignal.release();
        }
    }

    @Override
    public void stop(JobId id) {
        IoRun run = runs.get(id);
        if (run != null) {
            run.cancel();
        }
    }

    private void dispatch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                slots.acquire();
                int wanted = 1 + takeMoreSlots(MAX_CLAIM - 1);
                List<Job> claimed;
                try {
                    claimed = scheduler.claim(Pool.IO, wanted);
                } catch (RuntimeException e) {
                    // the store is unreachable (or failed): keep the dispatcher alive and try again shortly
                    slots.release(wanted);
                    log.warn("I/O pool could not claim jobs: {}; trying again in {}", e.getMessage(), CLAIM_RETRY);
                    workSignal.tryAcquire(CLAIM_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                slots.release(wanted - claimed.size());
                if (claimed.isEmpty()) {
                    workSignal.acquire();
                    workSignal.drainPermits();
                    continue;
                }
                claimed.forEach(this::start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes up to {@code max} more free slots without waiting, so one claim (one store round trip) fills them. */
    private int takeMoreSlots(int max) {
        int more = Math.min(max, slots.availablePermits());
        return more > 0 && slots.tryAcquire(more) ? more : 0;
    }

    private void start(Job job) {
        RegisteredJobType type = types.find(job.type()).orElseThrow();
        IoRun run = new IoRun(job, job.attempts(), type, slots);
        runs.put(job.id(), run);
        Thread.ofVirtual().name("job-" + job.id()).start(() -> execute(run));
    }

    private void execute(IoRun run) {
        Job job = run.job();
        int attempt = run.attempt();
        try {
            if (!job.isRunning(attempt)) {
                return; // cancelled between claim and start
            }
            CompactJson result = run.execute();
            scheduler.succeeded(job, attempt, result);
        } catch (IoRun.ItemFailedException e) {
            logIfUnexpected(job, attempt, e.getCause());
            failed(job, attempt, e.failure());
        } catch (Exception | StackOverflowError e) {
            // a stop (cancel, timeout) was recorded before the interrupt; the failure of an ended job is dropped
            logIfUnexpected(job, attempt, e);
            failed(job, attempt, JobFailure.of(e));
        } finally {
            runs.remove(job.id(), run);
            run.releaseSlot();
        }
    }

    private static void logIfUnexpected(Job job, int attempt, Throwable e) {
        if (JobFailure.isUnexpected(e)) {
            log.warn("{} attempt {}: the handler threw", job, attempt, e);
        }
    }

    private void failed(Job job, int attempt, JobFailure failure) {
        // FailureCode names are ErrorCode names (FailureCodeTests)
        scheduler.failed(job, attempt, new JobError(ErrorCode.valueOf(failure.code().name()), failure.message()),
                failure.retryable());
    }

    // --- lifecycle: start with the context; on shutdown stop claiming and let running jobs finish

    @Override
    public void start() {
        dispatcher = Thread.ofPlatform().name("jobpool-io-dispatcher").start(this::dispatch);
    }

    /**
     * Drains on a thread of its own and says when done, so the CPU pool drains at the same time: both together
     * take one {@code shutdown-grace}, not one each.
     */
    @Override
    public void stop(Runnable callback) {
        Thread.ofPlatform().name("jobpool-io-shutdown").start(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public void stop() {
        dispatcher.interrupt();
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        while (!runs.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int unfinished = runs.size();
        runs.values().forEach(IoRun::cancel);
        int dropped = store.countQueued(Pool.IO);
        // an unfinished job stays RUNNING in a durable store: the next start (or another replica) rescues it
        log.info("I/O pool stopped: {} running jobs did not finish within {}; {} jobs stay queued (lost if the store "
                + "is jobpool.store.type=memory)", unfinished, JobJson.formatDuration(shutdownGrace), dropped);
        dispatcher = null;
    }

    @Override
    public boolean isRunning() {
        return dispatcher != null;
    }

    /** Stop before the web server does, so clients can still read results while running jobs finish. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
