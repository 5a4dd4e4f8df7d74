package dev.jobpool.job;

/** A change that needs a job to be queued or running (cancel), or ended (delete), found it otherwise. */
public class JobConflictException extends RuntimeException {

    private final JobId jobId;

    private JobConflictException(JobId jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    static JobConflictException alreadyEnded(JobId id, JobStatus status) {
        return new JobConflictException(id, "job " + id + " already ended as " + status + "; only a QUEUED or RUNNING job can be cancelled");
    }

    static JobConflictException notEnded(JobId id, JobStatus status) {
        return new JobConflictException(id, "job " + id + " is " + status
                + "; cancel it first (POST /api/v1/jobs/" + id + "/cancel), then delete it");
    }

    static JobConflictException busy(JobId id) {
        return new JobConflictException(id, "job " + id + " kept changing while it was being cancelled; try again");
    }

    public JobId jobId() {
        return jobId;
    }
}
