package dev.jobpool.job;

/** Test jobs for tests outside this package, which cannot call the job's package-private constructor. */
public final class TestJobsAccess {

    private TestJobsAccess() {
    }

    public static Job sleep() {
        return TestJobs.sleep(0);
    }
}
