package dev.jobpool.events;

import dev.jobpool.job.Job;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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

    private static final Map<String, EventType> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::id, type -> type));

    /** The type an {@code event:} name stands for; read for every event by the hub and the overview, so a lookup. */
    static EventType parse(String name) {
        EventType type = BY_ID.get(name.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("no event type " + name);
        }
        return type;
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
