package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The record of every job and the queue of the ones waiting. Pools take work from here only when they have
 * a free slot ({@link #claimNext}), so the same contract fits one process (in memory), an embedded database
 * file, and many replicas sharing PostgreSQL ({@code FOR UPDATE SKIP LOCKED}).
 *
 * <p>Every change after a claim is a compare-and-set ({@link #update}): it is written only if the job is
 * still in the state the change started from. That is how the first ending wins, across replicas: a late
 * result of an attempt that was cancelled, timed out or rescued changes nothing.
 */
public interface JobStore {

    /** What became of an {@link #add}. */
    sealed interface Added {
    }

    /** The job is stored (committed, for a durable store). */
    record Created(Job job) implements Added {
    }

    /** An earlier job holds the idempotency key; nothing was added. */
    record KeyTaken(Job holder) implements Added {
    }

    /** The pool's queue already holds {@code capacity} jobs; nothing was added. */
    record QueueFull(int capacity) implements Added {
    }

    /** The job's tenant already has {@code maxQueued} jobs waiting (its quota); nothing was added. */
    record TenantQuotaFull(String tenant, int maxQueued) implements Added {
    }

    /**
     * Adds a new queued job unless its tenant's idempotency key is taken, its pool's queue holds
     * {@code queueCapacity} jobs, or its tenant's quota of queued jobs is used up. It gives the job its
     * fair-share turn. A durable store returns once the job is committed.
     *
     * @throws StoreUnavailableException if the database cannot be reached
     */
    Added add(Job job, int queueCapacity);

    Optional<Job> find(JobId id);

    /**
     * Starts up to {@code max} queued jobs of a pool whose start time has come, highest priority first, then
     * in fair-share turn across tenants, oldest first among equals, and returns them RUNNING, owned by this
     * replica. A tenant already running its ceiling of jobs in the pool is skipped.
     */
    List<Job> claimNext(Pool pool, int max, Instant now);

    /**
     * Writes a change made through one of the job's verbs (anything but a claim), if the stored job is still
     * {@code from} on attempt {@code attempt} (and, when RUNNING, owned by this replica). Completes with false
     * when it was not: someone else ended, cancelled or rescued it first.
     */
    CompletableFuture<Boolean> update(Job job, JobStatus from, int attempt);

    /** Writes the progress (items done) of running jobs, so every replica shows it; best effort. */
    default void saveProgress(Collection<Job> running) {
    }

    JobPage list(JobQuery query);

    /** Forgets an ended job; false if there is none with this id. */
    boolean remove(JobId id);

    /** Queued jobs of a pool, including those waiting for a retry or their start time. */
    int countQueued(Pool pool);

    int countRunning(Pool pool);

    /**
     * Jobs of one tenant in one pool that are queued (retries and delayed jobs included) or running.
     */
    record ActiveCount(String tenant, Pool pool, int queued, int running) {
    }

    /**
     * Queued and running jobs per tenant and pool, every replica's, in one read; a tenant and pool with neither
     * is left out. The dashboard samples it every few seconds, so it must stay cheap with a million jobs queued.
     *
     * @throws StoreUnavailableException if the database cannot be reached
     */
    List<ActiveCount> countActive();

    /**
     * Forgets jobs that ended before {@code endedBefore}. (A store also forgets the oldest ended jobs on its own
     * when their number or size passes its limits.)
     */
    int evictEnded(Instant endedBefore);

    /**
     * Renews the leases of these jobs, running on this replica, and returns the ids of those it still owns; a
     * job missing from the answer was cancelled, or rescued by another replica, and its attempt must stop. A
     * job this replica owns but no longer runs (its outcome could not be written) is left to expire and be
     * rescued.
     */
    Collection<JobId> renewLeases(Collection<JobId> running, Instant now);

    /**
     * Puts back the jobs whose owner stopped renewing their lease (it died, froze or lost the database): a
     * retry if attempts remain, else FAILED, both with {@link ErrorCode#NODE_LOST}. Returns them as they are now.
     */
    default List<Job> rescueAbandoned(Instant now) {
        return List.of();
    }

    /** What the store is and whether it answers, for operators. */
    StoreInfo info();

    /**
     * What other replicas did, told by a store shared between replicas (PostgreSQL {@code LISTEN/NOTIFY});
     * a store used by one process only tells nothing, as this replica's scheduler already knows.
     */
    interface Listener {

        /** New work was queued in a pool. */
        void submitted(Pool pool);

        /** A job ended (succeeded, failed, was cancelled or rescued for good). */
        void ended(JobId id);

        /** Another replica broadcast this message ({@link #broadcast}). */
        default void heard(String message) {
        }
    }

    /**
     * Tells every other replica sharing this store these messages, in this order, each at most
     * {@link #MAX_MESSAGE_BYTES} bytes of UTF-8; they hear them through {@link Listener#heard}, this replica too
     * (the listener tells its own from others'). Best effort, like every notification. Returns false for a store
     * used by one process, which has no one to tell.
     */
    default boolean broadcast(List<String> messages) {
        return false;
    }

    /** The largest message {@link #broadcast} carries (PostgreSQL's NOTIFY takes just under 8000 bytes). */
    int MAX_MESSAGE_BYTES = 7900;

    /** Starts telling the listener what other replicas do; a notification may be lost, so callers also poll. */
    default void listen(Listener listener) {
    }
}
