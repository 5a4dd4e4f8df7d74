package dev.jobpool.job;

import dev.jobpool.jobtype.Pool;
import java.time.Duration;

/**
 * A pool's queue holds as many jobs as it may, or the caller's tenant has as many waiting as its quota allows;
 * the client should try again later.
 */
public class QueueFullException extends RuntimeException {

    private final Pool pool;
    private final String tenant;
    private final Duration retryAfter;

    private QueueFullException(String message, Pool pool, String tenant, Duration retryAfter) {
        super(message);
        this.pool = pool;
        this.tenant = tenant;
        this.retryAfter = retryAfter;
    }

    static QueueFullException ofPool(Pool pool, int capacity, Duration retryAfter) {
        return new QueueFullException("the " + pool + " queue is full (" + capacity + " jobs wait already); retry after "
                + retryAfter.toSeconds() + "s, or raise jobpool." + pool.name().toLowerCase() + ".queue-capacity",
                pool, null, retryAfter);
    }

    static QueueFullException ofTenant(Pool pool, String tenant, int maxQueued, Duration retryAfter) {
        return new QueueFullException("tenant " + tenant + " has " + maxQueued + " jobs waiting, its quota"
                + " (jobpool.tenants...max-queued); retry after " + retryAfter.toSeconds() + "s", pool, tenant, retryAfter);
    }

    /** The tenant whose quota is used up; null when the pool's queue itself is full. */
    public String tenant() {
        return tenant;
    }

    public Pool pool() {
        return pool;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
