package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.Pool;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

class InMemoryJobStoreTests {

    private final InMemoryJobStore store = new InMemoryJobStore(2, 1_000_000);
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
    void evictsJobsThatEndedBeforeTheRetentionTime() {
        InMemoryJobStore roomy = new InMemoryJobStore(100, 1_000_000);
        List<Job> jobs = endThree(roomy);
        assertThat(roomy.evictEnded(now.plusMillis(1500))).isEqualTo(2);
        assertThat(roomy.find(jobs.get(0).id())).isEmpty();
        assertThat(roomy.find(jobs.get(1).id())).isEmpty();
        assertThat(roomy.find(jobs.get(2).id())).isPresent();
    }

    @Test
    void keepsNoMoreEndedJobsThanItsLimitOldestGoFirst() {
        List<Job> jobs = endThree(store);
        Job queued = add(TestJobs.sleep(0));

        assertThat(store.find(jobs.get(0).id())).isEmpty();
        assertThat(store.find(jobs.get(1).id())).isPresent();
        assertThat(store.find(jobs.get(2).id())).isPresent();
        assertThat(store.find(queued.id())).as("a queued job is never evicted").isPresent();
    }

    @Test
    void keepsNoMoreResultBytesThanItsBudget() {
        InMemoryJobStore small = new InMemoryJobStore(100, 20_000);
        Job big = TestJobs.sleep(0);
        Job next = TestJobs.sleep(0);
        small.addUnlessKeyTaken(big);
        small.addUnlessKeyTaken(next);
        small.claimNext(Pool.IO, 2, now);
        big.succeed(StringNode.valueOf("x".repeat(15_000)), JsonSize.estimate(StringNode.valueOf("x".repeat(15_000))), now);
        small.update(big);
        assertThat(small.find(big.id())).isPresent();
        next.succeed(StringNode.valueOf("y".repeat(15_000)), JsonSize.estimate(StringNode.valueOf("y".repeat(15_000))), now);
        small.update(next);
        assertThat(small.find(big.id())).isEmpty();
        assertThat(small.find(next.id())).isPresent();
    }

    private List<Job> endThree(InMemoryJobStore target) {
        List<Job> jobs = List.of(TestJobs.sleep(0), TestJobs.sleep(0), TestJobs.sleep(0));
        jobs.forEach(target::addUnlessKeyTaken);
        target.claimNext(Pool.IO, 3, now);
        for (int i = 0; i < jobs.size(); i++) {
            jobs.get(i).succeed(IntNode.valueOf(i), JsonSize.estimate(IntNode.valueOf(i)), now.plusSeconds(i));
            target.update(jobs.get(i));
        }
        return jobs;
    }

    private Job add(Job job) {
        assertThat(store.addUnlessKeyTaken(job)).isEmpty();
        return job;
    }
}
