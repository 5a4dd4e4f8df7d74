package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.util.List;

/**
 * A pool that runs jobs: the I/O pool of virtual threads or the CPU pool of worker JVMs. It takes work
 * through {@link JobScheduler#claim} when it has a free slot, and reports each outcome back to the scheduler.
 */
public interface JobExecutor {

    Pool pool();

    /** Slots: jobs (or map chunks) this pool runs at once. */
    int capacity();

    /** Slots in use now. */
    int busy();

    /** Queued jobs this pool admits before new submissions get 429. */
    int queueCapacity();

    /** New work may be queued: claim it if a slot is free. Cheap and non-blocking; called on every submit. */
    void workAvailable();

    /** Stops a running job whose end the scheduler has already recorded (cancelled or timed out). */
    void stop(JobId id);

    /** The pool's worker processes; none for a pool of threads. */
    default List<WorkerView> workers() {
        return List.of();
    }
}
