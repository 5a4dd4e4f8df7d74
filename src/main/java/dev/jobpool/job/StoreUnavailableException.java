package dev.jobpool.job;

import java.time.Duration;

/** The job store cannot be reached; nothing was changed, and the client may try again later. */
public class StoreUnavailableException extends RuntimeException {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public Duration retryAfter() {
        return RETRY_AFTER;
    }
}
