package dev.jobpool.job;

import dev.jobpool.jobtype.registry.JobJson;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/** What clients can do with jobs: submit, read, wait for, list, cancel, delete. */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final Duration RETRY_AFTER_FULL = Duration.ofSeconds(1);
    private static final Duration RETRY_AFTER_SHUTDOWN = Duration.ofSeconds(5);
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final JobSpecValidator validator;
    private final JobScheduler scheduler;
    private final JobStore store;
    private final JobMetrics metrics;
    private final JobsProperties properties;
    private final Clock clock;
    private volatile boolean accepting = true;

    public JobService(JobSpecValidator validator, JobScheduler scheduler, JobStore store, JobMetrics metrics,
            JobsProperties properties, Clock clock) {
        this.validator = validator;
        this.scheduler = scheduler;
        this.store = store;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** A submitted job, and whether this call created it (false: an earlier call with the same key did). */
    public record Submission(Job job, boolean created) {
    }

    public Submission submit(JobSpec spec, String idempotencyKey) {
        if (!accepting) {
            throw new ShuttingDownException(RETRY_AFTER_SHUTDOWN);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw InvalidRequestException.of("Idempotency-Key",
                    "the Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters, e.g. a UUID");
        }
        JobSpecValidator.ValidSpec valid = validator.validate(spec);
        JobExecutor executor = scheduler.executor(valid.pool())
                .orElseThrow(() -> InvalidRequestException.of("pool", "the " + valid.pool() + " pool is not running here"));
        if (store.countQueued(valid.pool()) >= executor.queueCapacity()) {
            metrics.rejected(valid.pool(), "queue_full");
            throw new QueueFullException(valid.pool(), executor.queueCapacity(), RETRY_AFTER_FULL);
        }
        Job candidate = new Job(JobId.random(), valid, idempotencyKey, clock.instant());
        Job job = scheduler.enqueue(candidate);
        return new Submission(job, job == candidate);
    }

    public Job get(JobId id) {
        return store.find(id).orElseThrow(() -> JobNotFoundException.forId(id));
    }

    /** Returns the job once it has ended, or as it is when {@code wait} runs out. */
    public Job await(JobId id, Duration wait) {
        if (wait.compareTo(properties.maxWait()) > 0) {
            throw InvalidRequestException.of("wait", "wait may be at most " + JobJson.formatDuration(properties.maxWait())
                    + "; poll again for longer");
        }
        Job job = get(id);
        if (wait.isZero()) {
            return job;
        }
        try {
            return job.whenEnded().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return job;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return job;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public JobPage list(JobQuery query) {
        return store.list(query);
    }

    public Job cancel(JobId id) {
        Job job = get(id);
        scheduler.cancel(job);
        return job;
    }

    public void delete(JobId id) {
        Job job = get(id);
        JobStatus status = job.status();
        if (!status.isEnded()) {
            throw JobConflictException.notEnded(id, status);
        }
        store.remove(id);
    }

    /** From the moment shutdown begins, new jobs get 503 while running ones finish. */
    @EventListener(ContextClosedEvent.class)
    void stopAccepting() {
        accepting = false;
        log.info("shutting down: new jobs are refused with 503 from now on");
    }
}
