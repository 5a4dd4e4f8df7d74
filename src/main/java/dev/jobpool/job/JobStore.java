package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of every job and the queue of the ones waiting. Pools take work from here only when they have
 * a free slot ({@link #claimNext}), so the same contract fits one process (in memory) and many replicas
 * sharing a database ({@code FOR UPDATE SKIP LOCKED}).
 */
public interface JobStore {

    /**
     * Adds a new queued job. If the job carries an idempotency key that an earlier job holds, nothing is
     * added and that earlier job is returned.
     */
    Optional<Job> addUnlessKeyTaken(Job job);

    Optional<Job> find(JobId id);

    /**
     * Starts up to {@code max} queued jobs of a pool whose start time has come, highest priority first,
     * oldest first among equals, and returns them RUNNING.
     */
    List<Job> claimNext(Pool pool, int max, Instant now);

    /** Records a job's change made through one of its verbs (anything but a claim). */
    void update(Job job);

    JobPage list(JobQuery query);

    /** Forgets an ended job; false if there is none with this id. */
    boolean remove(JobId id);

    /** Queued jobs of a pool, including those waiting for a retry. */
    int countQueued(Pool pool);

    int countRunning(Pool pool);

    /**
     * Forgets jobs that ended before {@code endedBefore}. (A store also forgets the oldest ended jobs on its own
     * when their number or size passes its limits.)
     */
    int evictEnded(Instant endedBefore);
}
