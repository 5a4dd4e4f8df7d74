package dev.jobpool.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life. The one table of allowed moves:
 * <pre>
 * QUEUED  → RUNNING | CANCELLED
 * RUNNING → SUCCEEDED | FAILED | CANCELLED | QUEUED (a retry)
 * SUCCEEDED, FAILED, CANCELLED: ended, no way out
 * </pre>
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public Set<JobStatus> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
        };
    }

    public boolean canMoveTo(JobStatus target) {
        return next().contains(target);
    }

    public boolean isEnded() {
        return next().isEmpty();
    }
}
