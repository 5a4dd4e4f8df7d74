package dev.jobpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobpool.jobtype.Pool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

/**
 * What every job store does, run against each of them (memory, SQLite, PostgreSQL). Jobs are changed the
 * way the scheduler changes them: a verb on the job, then {@link JobStore#update} from the state it left.
 */
public abstract class JobStoreContractTests {

    /**
     * The tenants every store under test is given: "heavy" weighs twice as much, "quota" may have 2 jobs waiting,
     * "ceiling" may run 1 I/O job at once; any other tenant has no limits.
     */
    public static final TenantsProperties TENANTS = new TenantsProperties(new TenantsProperties.Limits(null, null, null),
            Map.of("heavy", new TenantsProperties.Limits(2.0, null, null),
                    "quota", new TenantsProperties.Limits(null, 2, null),
                    "ceiling", new TenantsProperties.Limits(null, null, Map.of(Pool.IO, 1))));

    protected final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    protected JobStore store;

    /** A new, empty store. */
    protected abstract JobStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void claimsHighestPriorityFirstThenOldestFirst() {
        Job low = add(TestJobs.sleep(0));
        Job high = add(TestJobs.sleep(5));
        Job lowLater = add(TestJobs.sleep(0));

        List<Job> claimed = store.claimNext(Pool.IO, 10, now);
        assertThat(claimed).extracting(Job::id).containsExactly(high.id(), low.id(), lowLater.id());
        assertThat(claimed).allSatisfy(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(job.attempts()).isEqualTo(1);
        });
        assertThat(store.countRunning(Pool.IO)).isEqualTo(3);
        assertThat(store.countQueued(Pool.IO)).isZero();
    }

    @Test
    void claimsNoMoreThanAskedAndOnlyFromItsPool() {
        add(TestJobs.sleep(0));
        add(TestJobs.sleep(0));
        assertThat(store.claimNext(Pool.IO, 1, now)).hasSize(1);
        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
        assertThat(store.claimNext(Pool.CPU, 5, now)).isEmpty();
    }

    @Test
    void aRetryWaitsUntilItsBackoffHasPassed() {
        add(TestJobs.sleep(0));
        Job running = store.claimNext(Pool.IO, 1, now).getFirst();
        running.retry(new JobError(ErrorCode.HANDLER_ERROR, "flaky"), now.plusSeconds(5));
        assertThat(store.update(running, JobStatus.RUNNING, 1).join()).isTrue();

        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
        assertThat(store.claimNext(Pool.IO, 1, now.plusSeconds(4))).isEmpty();
        Job again = store.claimNext(Pool.IO, 1, now.plusSeconds(5)).getFirst();
        assertThat(again.id()).isEqualTo(running.id());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.snapshot().error().message()).isEqualTo("flaky");
    }

    @Test
    void aDelayedJobWaitsQueuedUntilItsTime() {
        Job later = add(TestJobs.delayed(now, now.plusSeconds(600)));
        Job soon = add(TestJobs.sleep(0));

        assertThat(store.claimNext(Pool.IO, 10, now)).extracting(Job::id).containsExactly(soon.id());
        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
        Job.Snapshot waiting = store.find(later.id()).orElseThrow().snapshot();
        assertThat(waiting.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(waiting.notBefore()).isEqualTo(now.plusSeconds(600));
        assertThat(store.claimNext(Pool.IO, 10, now.plusSeconds(599))).isEmpty();
        assertThat(store.claimNext(Pool.IO, 10, now.plusSeconds(600))).extracting(Job::id).containsExactly(later.id());
    }

    @Test
    void aCancelledJobIsNeverClaimed() {
        Job job = add(TestJobs.sleep(0));
        Job copy = store.find(job.id()).orElseThrow();
        copy.cancel(now);
        assertThat(store.update(copy, JobStatus.QUEUED, 0).join()).isTrue();

        assertThat(store.claimNext(Pool.IO, 1, now)).isEmpty();
        assertThat(store.countQueued(Pool.IO)).isZero();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aTakenIdempotencyKeyReturnsItsHolderAndAddsNothing() {
        Job first = TestJobs.sleep(0, "key-1", now);
        assertThat(store.add(first, 100)).isInstanceOf(JobStore.Created.class);
        JobStore.Added again = store.add(TestJobs.sleep(0, "key-1", now), 100);

        assertThat(again).isInstanceOfSatisfying(JobStore.KeyTaken.class, taken -> {
            assertThat(taken.holder().id()).isEqualTo(first.id());
            assertThat(taken.holder().requestHash()).isEqualTo("hash-key-1");
        });
        assertThat(store.countQueued(Pool.IO)).isEqualTo(1);
    }

    @Test
    void aFullQueueAddsNothing() {
        add(TestJobs.sleep(0));
        add(TestJobs.sleep(0));
        Job third = TestJobs.sleep(0);

        assertThat(store.add(third, 2)).isEqualTo(new JobStore.QueueFull(2));
        assertThat(store.find(third.id())).isEmpty();
        assertThat(store.countQueued(Pool.IO)).isEqualTo(2);
    }

    @Test
    void listsNewestFirstPageByPage() {
        Job a = add(TestJobs.sleep(0));
        Job b = add(TestJobs.sleep(0));
        Job c = add(TestJobs.sleep(0));

        JobPage first = store.list(new JobQuery(null, null, null, null, 2, null, true));
        assertThat(first.jobs()).extracting(Job::id).containsExactly(c.id(), b.id());
        JobPage second = store.list(new JobQuery(null, null, null, null, 2, first.nextCursor(), false));
        assertThat(second.jobs()).extracting(Job::id).containsExactly(a.id());
        assertThat(second.nextCursor()).isNull();
        assertThat(store.list(new JobQuery(null, JobStatus.RUNNING, null, null, 10, null, false)).jobs()).isEmpty();
        assertThat(store.list(new JobQuery(null, JobStatus.QUEUED, "sleep", Pool.IO, 10, null, false)).jobs()).hasSize(3);
    }

    @Test
    void keepsEveryFieldOfAMapJobAndItsResult() {
        Job map = add(TestJobs.map(3, now));
        Job running = store.claimNext(Pool.IO, 1, now).getFirst();
        assertThat(running.items()).hasSize(3);
        assertThat(running.items().get(2).path("duration").asString()).isEqualTo("2ms");
        running.itemsDone(3);
        var result = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(1).add(2).add(3);
        running.succeed(dev.jobpool.jobtype.registry.CompactJson.of(result), now.plusSeconds(1));
        assertThat(store.update(running, JobStatus.RUNNING, 1).join()).isTrue();

        Job.Snapshot read = store.find(map.id()).orElseThrow().snapshot();
        assertThat(read.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(read.result().tree()).isEqualTo(result);
        assertThat(read.itemCount()).isEqualTo(3);
        assertThat(read.itemsDone()).isEqualTo(3);
        assertThat(read.labels()).containsEntry("team", "search");
        assertThat(read.createdAt()).isEqualTo(now);
        assertThat(read.startedAt()).isEqualTo(now);
        assertThat(read.finishedAt()).isEqualTo(now.plusSeconds(1));
        assertThat(read.timeout()).isEqualTo(map.timeout());
    }

    @Test
    void evictsJobsThatEndedBeforeTheRetentionTime() {
        List<Job> jobs = endThree();
        assertThat(store.evictEnded(now.plusMillis(1500))).isEqualTo(2);
        assertThat(store.find(jobs.get(0).id())).isEmpty();
        assertThat(store.find(jobs.get(1).id())).isEmpty();
        assertThat(store.find(jobs.get(2).id())).isPresent();
    }

    @Test
    void removesOnlyEndedJobs() {
        Job queued = add(TestJobs.sleep(0));
        List<Job> ended = endThree();
        assertThat(store.remove(ended.getFirst().id())).isTrue();
        assertThat(store.find(ended.getFirst().id())).isEmpty();
        assertThat(store.remove(ended.getFirst().id())).isFalse();
        assertThat(store.find(queued.id())).isPresent();
    }

    @Test
    void renewsOnlyTheLeasesOfJobsStillRunningHere() {
        add(TestJobs.sleep(0));
        add(TestJobs.sleep(0));
        List<Job> running = store.claimNext(Pool.IO, 2, now);
        Job cancelled = store.find(running.get(1).id()).orElseThrow();
        cancelled.cancel(now);
        assertThat(store.update(cancelled, JobStatus.RUNNING, 1).join()).isTrue();

        assertThat(store.renewLeases(running.stream().map(Job::id).toList(), now.plusSeconds(1)))
                .containsExactly(running.get(0).id());
    }

    /** Three jobs that ended one second apart, from {@code now}. */
    protected List<Job> endThree() {
        List<Job> jobs = List.of(add(TestJobs.sleep(0)), add(TestJobs.sleep(0)), add(TestJobs.sleep(0)));
        List<Job> running = store.claimNext(Pool.IO, 3, now);
        for (Job job : running) {
            int i = jobs.stream().map(Job::id).toList().indexOf(job.id());
            job.succeed(dev.jobpool.jobtype.registry.CompactJson.of(IntNode.valueOf(i)), now.plusSeconds(i));
            assertThat(store.update(job, JobStatus.RUNNING, 1).join()).isTrue();
        }
        return jobs;
    }

    /** A map job over {@code items} sleeps, submitted now. */
    protected Job aMap(int items) {
        return TestJobs.map(items, now);
    }

    protected Job add(Job job) {
        assertThat(store.add(job, 1000)).isInstanceOf(JobStore.Created.class);
        return job;
    }

    private List<String> tenantsOf(List<Job> jobs) {
        return jobs.stream().map(Job::tenant).toList();
    }

    @Test
    void tenantsTakeTurnsSoOnesBacklogDoesNotStarveAnothersNewJobs() {
        for (int i = 0; i < 20; i++) {
            add(TestJobs.sleepOf("backlog", now));
        }
        for (int i = 0; i < 3; i++) {
            add(TestJobs.sleepOf("newcomer", now));
        }
        List<Job> first = store.claimNext(Pool.IO, 6, now);
        assertThat(tenantsOf(first)).containsExactly("backlog", "newcomer", "backlog", "newcomer", "backlog", "newcomer");
        assertThat(tenantsOf(store.claimNext(Pool.IO, 100, now))).hasSize(17).containsOnly("backlog");
    }

    @Test
    void aTenantOfWeightTwoGetsTwiceTheTurns() {
        for (int i = 0; i < 10; i++) {
            add(TestJobs.sleepOf("heavy", now));
            add(TestJobs.sleepOf("light", now));
        }
        List<String> tenants = tenantsOf(store.claimNext(Pool.IO, 9, now));
        assertThat(tenants).filteredOn("heavy"::equals).hasSize(6);
        assertThat(tenants).filteredOn("light"::equals).hasSize(3);
    }

    @Test
    void aTenantBackFromIdlingDoesNotJumpAheadWithTheTurnsItDidNotUse() {
        for (int i = 0; i < 10; i++) {
            add(TestJobs.sleepOf("steady", now));
        }
        assertThat(store.claimNext(Pool.IO, 8, now)).hasSize(8);
        for (int i = 0; i < 5; i++) {
            add(TestJobs.sleepOf("returning", now));
        }
        for (int i = 0; i < 5; i++) {
            add(TestJobs.sleepOf("steady", now));
        }
        // the pool has reached turn 8: the returning tenant starts there, alternating with steady's remaining jobs
        assertThat(tenantsOf(store.claimNext(Pool.IO, 4, now))).containsExactly("steady", "returning", "steady", "returning");
    }

    @Test
    void aTenantsQuotaOfQueuedJobsRefusesTheNextOneOnly() {
        assertThat(store.add(TestJobs.sleepOf("quota", now), 100)).isInstanceOf(JobStore.Created.class);
        assertThat(store.add(TestJobs.sleepOf("quota", now), 100)).isInstanceOf(JobStore.Created.class);
        assertThat(store.add(TestJobs.sleepOf("quota", now), 100)).isEqualTo(new JobStore.TenantQuotaFull("quota", 2));
        assertThat(store.add(TestJobs.sleepOf("someone-else", now), 100)).isInstanceOf(JobStore.Created.class);
        assertThat(store.claimNext(Pool.IO, 1, now)).hasSize(1);
        assertThat(store.add(TestJobs.sleepOf("quota", now), 100)).isInstanceOf(JobStore.Created.class);
    }

    @Test
    void aTenantAtItsCeilingOfRunningJobsIsSkippedAndKeepsItsPlace() {
        Job first = add(TestJobs.sleepOf("ceiling", now));
        add(TestJobs.sleepOf("ceiling", now));
        add(TestJobs.sleepOf("ceiling", now));
        add(TestJobs.sleepOf("free", now));
        add(TestJobs.sleepOf("free", now));
        List<Job> claimed = new java.util.ArrayList<>();
        for (int call = 0; call < 5; call++) {
            claimed.addAll(store.claimNext(Pool.IO, 10, now));
        }
        assertThat(tenantsOf(claimed)).containsExactlyInAnyOrder("ceiling", "free", "free");
        Job running = claimed.stream().filter(job -> job.tenant().equals("ceiling")).findFirst().orElseThrow();
        assertThat(running.id()).isEqualTo(first.id());
        running.succeed(null, now);
        assertThat(store.update(running, JobStatus.RUNNING, running.attempts()).join()).isTrue();
        assertThat(tenantsOf(store.claimNext(Pool.IO, 10, now))).containsExactly("ceiling");
    }

    @Test
    void idempotencyKeysArePerTenant() {
        assertThat(store.add(TestJobs.sleepOf("one", "order-1", now), 100)).isInstanceOf(JobStore.Created.class);
        assertThat(store.add(TestJobs.sleepOf("two", "order-1", now), 100)).isInstanceOf(JobStore.Created.class);
        assertThat(store.add(TestJobs.sleepOf("one", "order-1", now), 100)).isInstanceOf(JobStore.KeyTaken.class);
    }

    @Test
    void countsQueuedAndRunningJobsPerTenantAndPool() {
        assertThat(store.countActive()).isEmpty();
        for (int i = 0; i < 3; i++) {
            add(TestJobs.of("one", Pool.IO, Map.of(), now));
        }
        add(TestJobs.of("one", Pool.CPU, Map.of(), now));
        add(TestJobs.of("two", Pool.IO, Map.of(), now));
        Job delayed = add(TestJobs.delayed(now, now.plusSeconds(600)));
        List<Job> running = store.claimNext(Pool.IO, 2, now); // one's first, then two's (fair turns)
        assertThat(tenantsOf(running)).containsExactly("one", "two");
        Job ended = store.claimNext(Pool.CPU, 1, now).getFirst();
        ended.succeed(null, now);
        assertThat(store.update(ended, JobStatus.RUNNING, 1).join()).isTrue();

        assertThat(store.countActive()).containsExactlyInAnyOrder(
                new JobStore.ActiveCount("one", Pool.IO, 2, 1),
                new JobStore.ActiveCount("two", Pool.IO, 0, 1),
                new JobStore.ActiveCount(Job.DEFAULT_TENANT, Pool.IO, 1, 0));

        Job retried = running.getFirst();
        retried.retry(new JobError(ErrorCode.HANDLER_ERROR, "flaky"), now.plusSeconds(5));
        assertThat(store.update(retried, JobStatus.RUNNING, 1).join()).isTrue();
        Job cancelled = store.find(delayed.id()).orElseThrow();
        cancelled.cancel(now);
        assertThat(store.update(cancelled, JobStatus.QUEUED, 0).join()).isTrue();
        assertThat(store.countActive()).containsExactlyInAnyOrder(
                new JobStore.ActiveCount("one", Pool.IO, 3, 0),
                new JobStore.ActiveCount("two", Pool.IO, 0, 1));
    }

    @Test
    void listsOnlyJobsWithEveryLabelAskedFor() {
        Job searchProd = add(TestJobs.of("one", Pool.IO, Map.of("team", "search", "env", "prod"), now));
        Job search = add(TestJobs.of("one", Pool.IO, Map.of("team", "search"), now));
        Job adsProd = add(TestJobs.of("two", Pool.CPU, Map.of("team", "ads", "env", "prod"), now));
        Job odd = add(TestJobs.of("one", Pool.IO, Map.of("a.b\"c$[0]", "it's 'quoted' %", "empty", ""), now));
        add(TestJobs.of("one", Pool.IO, Map.of(), now));

        assertThat(labelled(null, Map.of("team", "search"))).containsExactly(search.id(), searchProd.id());
        assertThat(labelled(null, Map.of("team", "search", "env", "prod"))).containsExactly(searchProd.id());
        assertThat(labelled(null, Map.of("env", "prod"))).containsExactly(adsProd.id(), searchProd.id());
        assertThat(labelled("two", Map.of("env", "prod"))).containsExactly(adsProd.id());
        assertThat(labelled(null, Map.of("a.b\"c$[0]", "it's 'quoted' %"))).containsExactly(odd.id());
        assertThat(labelled(null, Map.of("empty", ""))).containsExactly(odd.id());
        assertThat(labelled(null, Map.of("team", "Search"))).as("values match exactly").isEmpty();
        assertThat(labelled(null, Map.of("team", ""))).isEmpty();
        assertThat(labelled(null, Map.of("TEAM", "search"))).as("keys too").isEmpty();
        assertThat(labelled(null, Map.of("team", "search", "env", "dev"))).isEmpty();

        // page by page, the filter holds
        JobPage first = store.list(new JobQuery(null, null, null, null, Map.of("team", "search"), 1, null, false));
        assertThat(first.jobs()).extracting(Job::id).containsExactly(search.id());
        JobPage second = store.list(new JobQuery(null, null, null, null, Map.of("team", "search"), 1, first.nextCursor(), false));
        assertThat(second.jobs()).extracting(Job::id).containsExactly(searchProd.id());
        assertThat(second.nextCursor()).isNull();
    }

    private List<JobId> labelled(String tenant, Map<String, String> labels) {
        return store.list(new JobQuery(tenant, null, null, null, labels, 100, null, false)).jobs().stream().map(Job::id).toList();
    }
}
