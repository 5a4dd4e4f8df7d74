package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

/** The memory store: the contract, plus its own limits on what ended jobs may hold in the heap. */
class InMemoryJobStoreTests extends JobStoreContractTests {

    @Override
    protected JobStore newStore() {
        return new InMemoryJobStore(100, 1_000_000, TENANTS);
    }

    @Test
    void keepsNoMoreEndedJobsThanItsLimitOldestGoFirst() {
        store = new InMemoryJobStore(2, 1_000_000);
        List<Job> jobs = endThree();
        Job queued = add(TestJobs.sleep(0));

        assertThat(store.find(jobs.get(0).id())).isEmpty();
        assertThat(store.find(jobs.get(1).id())).isPresent();
        assertThat(store.find(jobs.get(2).id())).isPresent();
        assertThat(store.find(queued.id())).as("a queued job is never evicted").isPresent();
    }

    @Test
    void keepsNoMoreResultBytesThanItsBudget() {
        store = new InMemoryJobStore(100, 20_000);
        Job big = add(TestJobs.sleep(0));
        Job next = add(TestJobs.sleep(0));
        store.claimNext(Pool.IO, 2, now);
        big.succeed(dev.jobpool.jobtype.registry.CompactJson.of(StringNode.valueOf("x".repeat(15_000))), now);
        store.update(big, JobStatus.RUNNING, 1);
        assertThat(store.find(big.id())).isPresent();
        next.succeed(dev.jobpool.jobtype.registry.CompactJson.of(StringNode.valueOf("y".repeat(15_000))), now);
        store.update(next, JobStatus.RUNNING, 1);
        assertThat(store.find(big.id())).isEmpty();
        assertThat(store.find(next.id())).isPresent();
    }
}
