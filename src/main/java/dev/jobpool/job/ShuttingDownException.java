package dev.jobpool.job;

import java.time.Duration;

/** The service is shutting down and takes no new jobs; another replica, or this one after restart, will. */
public class ShuttingDownException extends RuntimeException {

    private final Duration retryAfter;

    ShuttingDownException(Duration retryAfter) {
        super("the service is shutting down and accepts no new jobs; retry in a few seconds");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
