package dev.jobpool.jobtype.registry;

import dev.jobpool.jobtype.JobType;

/**
 * A job type and where it came from, so a clash of names can say which two places to look at.
 *
 * @param origin e.g. {@code built-in} or {@code plugin wordcount-1.0.jar}
 */
public record JobTypeSource(JobType<?, ?> type, String origin) {

    public static JobTypeSource builtIn(JobType<?, ?> type) {
        return new JobTypeSource(type, "built-in " + type.getClass().getName());
    }
}
