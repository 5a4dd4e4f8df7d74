package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.Pool;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

class InMemoryJobStoreTests {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void claimsHighestPriorityFirstThenOldestFirst() {
        Job low = add(TestJobs.sleep(0));
        Job high = add(TestJobs.sleep(5));
        Job lowLater = add(TestJobs.sleep(0));

        assertThat(store.claimNext(Pool.IO, 10, now)).containsExactly(high, low, lowLater);
        assertThat(store.countRunning(Pool.IO)).isEqualTo(3);
        assertThat(store.countQueued(Pool.IO)).isZero();
    }

    @Test
    void claimsNoMoreThanAsked() {
        add(TestJobs.sleep(0));
        add(TestJobs.sleep(0));
        assertThat(store.claimNext(Pool.IO, 1, now)).hasSize(1);
        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
        assertThat(store.claimNext(Pool.CPU, 5, now)).isEmpty();
    }

    @Test
    void aRetryWaitsUntilItsBackoffHasPassed() {
        Job job = add(TestJobs.sleep(0));
        store.claimNext(Pool.IO, 1, now);
        job.retry(new JobError(ErrorCode.HANDLER_ERROR, "flaky"), now.plusSeconds(5));
        store.update(job);

        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
        assertThat(store.claimNext(Pool.IO, 1, now.plusSeconds(4))).isEmpty();
        assertThat(store.claimNext(Pool.IO, 1, now.plusSeconds(5))).containsExactly(job);
    }

    @Test
    void aCancelledJobIsNeverClaimed() {
        Job job = add(TestJobs.sleep(0));
        job.cancel(now);
        store.update(job);
        assertThat(store.claimNext(Pool.IO, 1, now)).isEmpty();
        assertThat(store.countQueued(Pool.IO)).isZero();
    }

    @Test
    void aTakenIdempotencyKeyReturnsItsHolderAndAddsNothing() {
        Job first = TestJobs.sleep(0, "key-1", now);
        assertThat(store.addUnlessKeyTaken(first)).isEmpty();
        assertThat(store.addUnlessKeyTaken(TestJobs.sleep(0, "key-1", now))).contains(first);
        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
    }

    @Test
    void listsNewestFirstPageByPage() {
        Job a = add(TestJobs.sleep(0));
        Job b = add(TestJobs.sleep(0));
        Job c = add(TestJobs.sleep(0));

        JobPage first = store.list(new JobQuery(null, null, null, 2, null));
        assertThat(first.jobs()).containsExactly(c, b);
        JobPage second = store.list(new JobQuery(null, null, null, 2, first.nextCursor()));
        assertThat(second.jobs()).containsExactly(a);
        assertThat(second.nextCursor()).isNull();
        assertThat(store.list(new JobQuery(JobStatus.RUNNING, null, null, 10, null)).jobs()).isEmpty();
    }

    @Test
    void evictsEndedJobsPastRetentionAndBeyondTheCount() {
        List<Job> jobs = List.of(add(TestJobs.sleep(0)), add(TestJobs.sleep(0)), add(TestJobs.sleep(0)));
        store.claimNext(Pool.IO, 3, now);
        for (int i = 0; i < jobs.size(); i++) {
            jobs.get(i).succeed(IntNode.valueOf(i), now.plusSeconds(i));
            store.update(jobs.get(i));
        }
        Job stillQueued = add(TestJobs.sleep(0));

        assertThat(store.evictEnded(now.plusMillis(500), 10)).isEqualTo(1);
        assertThat(store.find(jobs.get(0).id())).isEmpty();
        assertThat(store.evictEnded(now, 1)).isEqualTo(1);
        assertThat(store.find(jobs.get(1).id())).isEmpty();
        assertThat(store.find(jobs.get(2).id())).isPresent();
        assertThat(store.find(stillQueued.id())).isPresent();
    }

    private Job add(Job job) {
        assertThat(store.addUnlessKeyTaken(job)).isEmpty();
        return job;
    }
}
