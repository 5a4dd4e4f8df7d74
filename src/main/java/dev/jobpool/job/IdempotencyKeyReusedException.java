package dev.jobpool.job;

import dev.jobpool.jobtype.registry.ClientText;

/** An Idempotency-Key sent again with a different request: the client mixed up two requests (422). */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final JobId jobId;

    private IdempotencyKeyReusedException(String message, JobId jobId) {
        super(message);
        this.jobId = jobId;
    }

    static IdempotencyKeyReusedException of(String key, JobId holder) {
        return new IdempotencyKeyReusedException("the Idempotency-Key " + ClientText.quote(key) + " was first used for job " + holder
                + " with a different request body; send the same body to get that job back, or use a new key for a new job",
                holder);
    }

    /** The job that holds the key. */
    public JobId jobId() {
        return jobId;
    }
}
