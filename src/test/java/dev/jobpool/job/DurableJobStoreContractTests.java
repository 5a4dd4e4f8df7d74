package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.Pool;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

/**
 * What a durable store adds to the contract: jobs outlive the process, a stale copy never overwrites a newer
 * ending, and the jobs of a process that died are put back.
 */
public abstract class DurableJobStoreContractTests extends JobStoreContractTests {

    /** The lease the stores under test are opened with. */
    protected static final Duration LEASE = Duration.ofSeconds(15);

    /** Closes the store as a crash would leave it and opens a new process's store on the same database. */
    protected abstract JobStore reopen() throws Exception;

    @Test
    void jobsAndResultsSurviveARestart() throws Exception {
        Job ended = endThree().getFirst();
        Job queued = add(TestJobs.sleep(0));
        store = reopen();

        assertThat(store.find(queued.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(store.find(ended.id()).orElseThrow().snapshot().result().tree()).isEqualTo(IntNode.valueOf(0));
        assertThat(store.claimNext(Pool.IO, 10, now)).extracting(Job::id).containsExactly(queued.id());
    }

    @Test
    void theFirstEndingWinsAndALateOutcomeIsDropped() {
        add(TestJobs.sleep(0));
        Job running = store.claimNext(Pool.IO, 1, now).getFirst();
        Job cancelledByAClient = store.find(running.id()).orElseThrow();
        cancelledByAClient.cancel(now);
        assertThat(store.update(cancelledByAClient, JobStatus.RUNNING, 1).join()).isTrue();

        running.succeed(dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(1)), now);
        assertThat(store.update(running, JobStatus.RUNNING, 1).join()).isFalse();
        Job.Snapshot stored = store.find(running.id()).orElseThrow().snapshot();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.result()).isNull();
    }

    @Test
    void jobsLeftRunningByADeadProcessAreRetriedOrFailedWithNodeLost() throws Exception {
        Job retryable = add(TestJobs.sleep(0)); // three attempts
        store.claimNext(Pool.IO, 1, now);
        store = reopen();

        var rescued = store.rescueAbandoned(now.plus(LEASE).plusSeconds(1));
        assertThat(rescued).extracting(Job::id).containsExactly(retryable.id());
        Job.Snapshot back = store.find(retryable.id()).orElseThrow().snapshot();
        assertThat(back.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(back.attempts()).as("the lost attempt counts").isEqualTo(1);
        assertThat(back.error().code()).isEqualTo(ErrorCode.NODE_LOST);
        Job again = store.claimNext(Pool.IO, 1, now.plus(LEASE).plusSeconds(2)).getFirst();
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void aJobWithNoAttemptsLeftFailsWithNodeLost() throws Exception {
        Job single = add(TestJobs.map(2, now)); // one attempt
        store.claimNext(Pool.IO, 1, now);
        store = reopen();

        store.rescueAbandoned(now.plus(LEASE).plusSeconds(1));
        Job.Snapshot failed = store.find(single.id()).orElseThrow().snapshot();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.NODE_LOST);
        assertThat(failed.finishedAt()).isNotNull();
    }

    @Test
    void aJobWhoseLeaseIsRenewedIsNotRescued() {
        add(TestJobs.sleep(0));
        Job running = store.claimNext(Pool.IO, 1, now).getFirst();
        store.renewLeases(java.util.List.of(running.id()), now.plus(LEASE));

        assertThat(store.rescueAbandoned(now.plus(LEASE).plusSeconds(1))).isEmpty();
        assertThat(store.rescueAbandoned(now.plus(LEASE.multipliedBy(2)).plusSeconds(1))).hasSize(1);
    }

    @Test
    void progressIsSavedForEveryReplicaToSee() {
        add(TestJobs.map(4, now));
        Job running = store.claimNext(Pool.IO, 1, now).getFirst();
        running.itemsDone(3);
        store.saveProgress(java.util.List.of(running));
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(store.find(running.id()).orElseThrow().snapshot().itemsDone()).isEqualTo(3));
    }

    @Test
    void aListingWithoutPayloadsReadsTheirSizesInstead() {
        Job ended = endThree().getLast(); // its result is 2
        Job.Snapshot summary = store.list(new JobQuery(null, null, null, null, 1, null, false)).jobs().getFirst().snapshot();
        assertThat(summary.id()).isEqualTo(ended.id());
        assertThat(summary.input()).isNull();
        assertThat(summary.result()).isNull();
        assertThat(summary.inputSize()).isEqualTo("{\"duration\":\"1s\"}".length());
        assertThat(summary.resultSize()).isEqualTo(1);
        Job.Snapshot full = store.list(new JobQuery(null, null, null, null, 1, null, true)).jobs().getFirst().snapshot();
        assertThat(full.result().tree()).isEqualTo(IntNode.valueOf(2));
    }

    @Test
    void outcomesCommittedTogetherEachGetTheirOwnAnswer() {
        for (int i = 0; i < 60; i++) {
            add(TestJobs.sleep(0));
        }
        java.util.List<Job> running = store.claimNext(Pool.IO, 60, now);
        java.util.List<Job> cancelledFirst = running.subList(0, 20);
        for (Job job : cancelledFirst) {
            Job copy = store.find(job.id()).orElseThrow();
            copy.cancel(now);
            assertThat(store.update(copy, JobStatus.RUNNING, 1).join()).isTrue();
        }

        // sent without waiting, so they queue up and share commits, as outcomes do under load
        java.util.List<java.util.concurrent.CompletableFuture<Boolean>> answers = new java.util.ArrayList<>();
        for (Job job : running) {
            job.succeed(dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(1)), now);
            answers.add(store.update(job, JobStatus.RUNNING, 1));
        }
        for (int i = 0; i < running.size(); i++) {
            Job job = running.get(i);
            boolean late = cancelledFirst.contains(job);
            assertThat(answers.get(i).join()).as("%s, %s", job.id(), late ? "cancelled first" : "running").isEqualTo(!late);
            assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(late ? JobStatus.CANCELLED : JobStatus.SUCCEEDED);
        }
    }

    @Test
    void reportsWhatItIs() {
        StoreInfo info = store.info();
        assertThat(info.reachable()).isTrue();
        assertThat(info.nodes()).singleElement().satisfies(node -> assertThat(node.self()).isTrue());
    }
}
