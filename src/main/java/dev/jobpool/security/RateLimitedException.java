package dev.jobpool.security;

import java.time.Duration;

/** A caller submitted faster than its rate limit allows. */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    RateLimitedException(String tenant, AccessProperties.RateLimit limit, Duration retryAfter) {
        super("submissions of " + (limit.per() == AccessProperties.Per.KEY ? "this API key" : "tenant " + tenant)
                + " are limited to " + limit.submitsPerSecond() + " per second (bursts of " + limit.capacity()
                + "); retry after " + retryAfter.toSeconds() + "s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
