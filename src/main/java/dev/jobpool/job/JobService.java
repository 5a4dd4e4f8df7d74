package dev.jobpool.job;

import dev.jobpool.jobtype.registry.JobJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
    /** Who submitted, cancelled or deleted which job: one line each, never a secret. */
    private static final Logger audit = LoggerFactory.getLogger("jobpool.audit");
    /** A long-poll reads the store again this often, in case the wake-up from another replica was lost. */
    private static final Duration RECHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER_SHUTDOWN = Duration.ofSeconds(5);
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final JobSpecValidator validator;
    private final JobScheduler scheduler;
    private final JobStore store;
    private final JobWaiters waiters;
    private final JobsProperties properties;
    private final Clock clock;
    private volatile boolean accepting = true;

    public JobService(JobSpecValidator validator, JobScheduler scheduler, JobStore store, JobWaiters waiters,
            JobsProperties properties, Clock clock) {
        this.validator = validator;
        this.scheduler = scheduler;
        this.store = store;
        this.waiters = waiters;
        this.properties = properties;
        this.clock = clock;
    }

    /** A submitted job, and whether this call created it (false: an earlier call with the same key did). */
    public record Submission(Job job, boolean created) {
    }

    public Submission submit(JobSpec spec, String idempotencyKey, TenantScope caller) {
        if (!accepting) {
            throw new ShuttingDownException(RETRY_AFTER_SHUTDOWN);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw InvalidRequestException.of("Idempotency-Key",
                    "the Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters, e.g. a UUID");
        }
        Instant now = clock.instant();
        JobSpecValidator.ValidSpec valid = validator.validate(spec, now);
        JobExecutor executor = scheduler.executor(valid.pool())
                .orElseThrow(() -> InvalidRequestException.of("pool", "the " + valid.pool() + " pool is not running here"));
        String requestHash = idempotencyKey == null ? null : RequestHash.of(spec);
        Job candidate = new Job(JobId.random(), caller.tenant(), valid, idempotencyKey, requestHash, now,
                valid.runAt() == null ? now : valid.runAt());
        return switch (scheduler.enqueue(candidate, executor)) {
            case JobStore.Created created -> {
                audit.info("submit tenant={} principal={} job={} type={}", caller.tenant(), caller.principal(),
                        created.job().id(), created.job().type());
                yield new Submission(created.job(), true);
            }
            case JobStore.KeyTaken taken when !Objects.equals(taken.holder().requestHash(), requestHash) ->
                    throw IdempotencyKeyReusedException.of(idempotencyKey, taken.holder().id());
            case JobStore.KeyTaken taken -> new Submission(withLiveProgress(taken.holder()), false);
            case JobStore.QueueFull full -> throw new IllegalStateException("the scheduler answers a full queue with 429");
            case JobStore.TenantQuotaFull full -> throw new IllegalStateException("the scheduler answers a quota with 429");
        };
    }

    /** The job, if the caller sees it; another tenant's job is not found, exactly as one that does not exist. */
    public Job get(JobId id, TenantScope caller) {
        return withLiveProgress(store.find(id).filter(caller::sees).orElseThrow(() -> JobNotFoundException.forId(id)));
    }

    /**
     * A durable store's row shows progress as of the last heartbeat; the attempt running here knows it now.
     * Only the count is taken from the running copy, never its status: that copy ends before its ending is
     * committed, and a reader must not see an outcome the store does not hold yet.
     */
    private Job withLiveProgress(Job stored) {
        if (stored.status() == JobStatus.RUNNING) {
            scheduler.runningHere(stored.id())
                    .filter(local -> local != stored && local.attempts() == stored.attempts())
                    .ifPresent(local -> stored.itemsDone(Math.max(0, local.itemsDone() - stored.itemsDone())));
        }
        return stored;
    }

    /**
     * Returns the job once it has ended, or as it is when {@code wait} runs out. It wakes when this replica or
     * another ends the job, and reads the store again now and then in case a wake-up was lost.
     */
    public Job await(JobId id, Duration wait, TenantScope caller) {
        if (wait.compareTo(properties.maxWait()) > 0) {
            throw InvalidRequestException.of("wait", "wait may be at most " + JobJson.formatDuration(properties.maxWait())
                    + "; poll again for longer");
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CompletableFuture<Job> ended = waiters.register(id);
            try {
                Job job = get(id, caller);
                long left = deadline - System.nanoTime();
                if (job.status().isEnded() || left <= 0) {
                    return job;
                }
                Job endedHere = ended.get(Math.min(left, RECHECK_EVERY.toNanos()), TimeUnit.NANOSECONDS);
                if (endedHere != null) {
                    return endedHere; // as committed a moment ago; the read above showed the caller may see it
                }
            } catch (TimeoutException e) {
                // look again: the wait ran out, or a wake-up from another replica was lost
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return get(id, caller);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                waiters.unregister(id, ended);
            }
        }
    }

    public JobPage list(JobQuery query) {
        return store.list(query);
    }

    public Job cancel(JobId id, TenantScope caller) {
        get(id, caller);
        Job cancelled = scheduler.cancel(id);
        audit.info("cancel tenant={} principal={} job={}", cancelled.tenant(), caller.principal(), id);
        return cancelled;
    }

    public void delete(JobId id, TenantScope caller) {
        Job job = get(id, caller);
        JobStatus status = job.status();
        if (!status.isEnded()) {
            throw JobConflictException.notEnded(id, status);
        }
        store.remove(id);
        audit.info("delete tenant={} principal={} job={}", job.tenant(), caller.principal(), id);
    }

    /** From the moment shutdown begins, new jobs get 503 while running ones finish. */
    @EventListener(ContextClosedEvent.class)
    void stopAccepting() {
        accepting = false;
        log.info("shutting down: new jobs are refused with 503 from now on");
    }
}
