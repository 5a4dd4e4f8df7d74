package dev.jobpool.job;

/** No job has this id: it never existed, was deleted, or ended longer ago than the retention time. */
public class JobNotFoundException extends RuntimeException {

    private final JobId jobId;

    private JobNotFoundException(JobId jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    public static JobNotFoundException forId(JobId id) {
        return new JobNotFoundException(id, "no job has the id " + id
                + "; it never existed, was deleted, or ended longer ago than jobpool.jobs.retention");
    }

    public JobId jobId() {
        return jobId;
    }
}
