package dev.jobpool.jobtype;

import java.util.concurrent.CancellationException;

/** What a running job can ask of the service. */
public interface JobContext {

    /** The job's id, for log lines. */
    String jobId();

    /** Which attempt this is, starting at 1. */
    int attempt();

    /** True once the job was cancelled or timed out; the handler should stop soon. */
    boolean isCancelled();

    /** Throws {@link CancellationException} if the job was cancelled or timed out. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancellationException("job " + jobId() + " was cancelled");
        }
    }
}
