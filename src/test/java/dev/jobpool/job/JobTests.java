package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

class JobTests {

    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aJobRunsThenSucceedsWithItsResult() {
        Job job = TestJobs.sleep(0);
        job.start(now);
        job.succeed(dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(42)), now.plusSeconds(1));

        Job.Snapshot snapshot = job.snapshot();
        assertThat(snapshot.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(snapshot.attempts()).isEqualTo(1);
        assertThat(snapshot.result().tree().intValue()).isEqualTo(42);
        assertThat(snapshot.finishedAt()).isEqualTo(now.plusSeconds(1));
    }

    @Test
    void aRetryCountsAnotherAttemptAndKeepsTheLastError() {
        Job job = TestJobs.sleep(0);
        job.start(now);
        job.retry(new JobError(ErrorCode.HANDLER_ERROR, "flaky"), now.plusSeconds(2));
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.notBefore()).isEqualTo(now.plusSeconds(2));
        job.start(now.plusSeconds(2));

        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.isRunning(1)).isFalse();
        assertThat(job.isRunning(2)).isTrue();
        assertThat(job.snapshot().error().message()).isEqualTo("flaky");
    }

    @Test
    void anEndedJobRefusesEveryVerb() {
        Job job = TestJobs.sleep(0);
        job.cancel(now);

        assertThat(job.snapshot().error().code()).isEqualTo(ErrorCode.CANCELLED);
        assertThatThrownBy(() -> job.start(now)).isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("from CANCELLED to RUNNING");
        assertThatThrownBy(() -> job.succeed(dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(1)), now)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> job.cancel(now)).isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void aQueuedJobCannotSucceedWithoutRunning() {
        Job job = TestJobs.sleep(0);
        assertThatThrownBy(() -> job.succeed(dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(1)), now)).isInstanceOf(IllegalJobTransitionException.class);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    }
}
