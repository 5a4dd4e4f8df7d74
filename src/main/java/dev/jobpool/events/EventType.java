package dev.jobpool.events;

import dev.jobpool.job.Job;
import java.util.Locale;

/** What happened to a job, as the {@code event:} field of the stream names it. */
public enum EventType {
    SUBMITTED, STARTED, PROGRESS, SUCCEEDED, FAILED, RETRYING, CANCELLED;

    /** The event a job's state after a change stands for. */
    static EventType of(Job.Snapshot job) {
        return switch (job.status()) {
            case QUEUED -> job.attempts() == 0 ? SUBMITTED : RETRYING;
            case RUNNING -> STARTED;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    static EventType parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The job's last event. */
    boolean ends() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * Where an event of this type on attempt {@code attempt} falls in the life of a job: submitted, then per
     * attempt started, progress and retrying, then the ending. Events from different replicas can arrive out of
     * this order; a replica drops the one that comes after a later one, never shows them backwards.
     */
    int rank(int attempt) {
        return switch (this) {
            case SUBMITTED -> 0;
            case STARTED -> 3 * attempt;
            case PROGRESS -> 3 * attempt + 1;
            case RETRYING -> 3 * attempt + 2;
            case SUCCEEDED, FAILED, CANCELLED -> Integer.MAX_VALUE;
        };
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
