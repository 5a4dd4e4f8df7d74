package dev.jobpool.job;

import static dev.jobpool.job.JobStatus.CANCELLED;
import static dev.jobpool.job.JobStatus.FAILED;
import static dev.jobpool.job.JobStatus.QUEUED;
import static dev.jobpool.job.JobStatus.RUNNING;
import static dev.jobpool.job.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStatusTests {

    @Test
    void queuedJobsStartOrAreCancelled() {
        assertThat(QUEUED.next()).containsExactlyInAnyOrder(RUNNING, CANCELLED);
    }

    @Test
    void runningJobsEndOrGoBackToTheQueueForARetry() {
        assertThat(RUNNING.next()).containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED, QUEUED);
    }

    @Test
    void endedJobsNeverMoveAgain() {
        for (JobStatus ended : new JobStatus[] {SUCCEEDED, FAILED, CANCELLED}) {
            assertThat(ended.isEnded()).isTrue();
            for (JobStatus target : JobStatus.values()) {
                assertThat(ended.canMoveTo(target)).as("%s -> %s", ended, target).isFalse();
            }
        }
        assertThat(QUEUED.isEnded()).isFalse();
        assertThat(RUNNING.isEnded()).isFalse();
    }

    @Test
    void aQueuedJobCannotSkipRunning() {
        assertThat(QUEUED.canMoveTo(SUCCEEDED)).isFalse();
        assertThat(QUEUED.canMoveTo(FAILED)).isFalse();
    }
}
