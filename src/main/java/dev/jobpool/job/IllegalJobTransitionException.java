package dev.jobpool.job;

/** A status change the table in {@link JobStatus} does not allow: a bug, never a silent overwrite. */
public class IllegalJobTransitionException extends IllegalStateException {

    private IllegalJobTransitionException(String message) {
        super(message);
    }

    static IllegalJobTransitionException of(JobId id, JobStatus from, JobStatus to) {
        return new IllegalJobTransitionException("job " + id + " cannot move from " + from + " to " + to);
    }
}
