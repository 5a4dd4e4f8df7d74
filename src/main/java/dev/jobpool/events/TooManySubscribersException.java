package dev.jobpool.events;

import java.time.Duration;

/** This replica has as many event streams open as {@code jobpool.events.max-subscribers} allows. */
class TooManySubscribersException extends RuntimeException {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    TooManySubscribersException(int max) {
        super("this replica streams events to " + max + " clients already (jobpool.events.max-subscribers); retry after "
                + RETRY_AFTER.toSeconds() + "s, or close a stream you no longer read");
    }
}
