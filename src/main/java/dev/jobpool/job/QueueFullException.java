package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.time.Duration;

/** A pool's queue holds as many jobs as it may; the client should try again later. */
public class QueueFullException extends RuntimeException {

    private final Pool pool;
    private final Duration retryAfter;

    QueueFullException(Pool pool, int capacity, Duration retryAfter) {
        super("the " + pool + " queue is full (" + capacity + " jobs wait already); retry after "
                + retryAfter.toSeconds() + "s, or raise jobpool." + pool.name().toLowerCase() + ".queue-capacity");
        this.pool = pool;
        this.retryAfter = retryAfter;
    }

    public Pool pool() {
        return pool;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
