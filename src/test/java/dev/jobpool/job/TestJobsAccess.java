package dev.jobpool.job;

/** Test jobs for tests outside this package, which cannot call the job's package-private constructor. */
public final class TestJobsAccess {

    private TestJobsAccess() {
    }

    public static Job sleep() {
        return TestJobs.sleep(0);
    }

    /** Ends a running job as its pool would, with the result 1. */
    public static void succeed(Job job, java.time.Instant now) {
        job.succeed(dev.jobpool.jobtype.registry.CompactJson.of(tools.jackson.databind.node.IntNode.valueOf(1)), now);
    }
}
