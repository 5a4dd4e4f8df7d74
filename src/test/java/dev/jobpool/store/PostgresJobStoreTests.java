package dev.jobpool.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobpool.job.DurableJobStoreContractTests;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on a real PostgreSQL server, a new database per test. */
class PostgresJobStoreTests extends DurableJobStoreContractTests {

    private static final AtomicInteger databases = new AtomicInteger();
    static final StoreProperties PROPERTIES = new StoreProperties(StoreProperties.Type.POSTGRESQL, Path.of("unused"), LEASE,
            Duration.ofSeconds(3), 1000);
    private static EmbeddedPostgres postgres;
    private String database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    /** A store on the database, as one replica, on the tests' clock (standing at {@code now}). */
    private SqlJobStore replica(EmbeddedPostgres postgres, String database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", database));
        return StoreConfiguration.postgresql(dataSource, database, PROPERTIES, 1000, dev.jobpool.job.JobStoreContractTests.TENANTS,
                new StoreMetrics(new SimpleMeterRegistry()), Clock.fixed(now, java.time.ZoneOffset.UTC));
    }

    static String createDatabase(EmbeddedPostgres postgres) throws Exception {
        String name = "jobs_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        return name;
    }

    @Override
    protected JobStore newStore() {
        try {
            database = createDatabase(postgres);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return replica(postgres, database);
    }

    @Override
    protected JobStore reopen() {
        ((SqlJobStore) store).close();
        return replica(postgres, database);
    }

    @Test
    void startsWhileTheDatabaseIsDownAndConnectsWhenItComesBack(@org.junit.jupiter.api.io.TempDir Path data)
            throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
        try (SqlJobStore waiting = StoreConfiguration.postgresql(dataSource, "127.0.0.1:" + port, PROPERTIES, 1000, dev.jobpool.job.TenantsProperties.NONE,
                new StoreMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
            assertThat(waiting.info().reachable()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.add(dev.jobpool.job.TestJobsAccess.sleep(), 10))
                    .isInstanceOf(dev.jobpool.job.StoreUnavailableException.class);

            try (EmbeddedPostgres late = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).start()) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> waiting.info().reachable());
                assertThat(waiting.add(dev.jobpool.job.TestJobsAccess.sleep(), 10))
                        .isInstanceOf(JobStore.Created.class);
                assertThat(waiting.countQueued(dev.jobpool.jobtype.Pool.IO)).isEqualTo(1);
            }
        }
    }

    @Test
    void twoReplicasNeverClaimTheSameJob() throws Exception {
        for (int i = 0; i < 200; i++) {
            add(dev.jobpool.job.TestJobsAccess.sleep());
        }
        try (SqlJobStore other = replica(postgres, database)) {
            var mine = new java.util.concurrent.ConcurrentLinkedQueue<String>();
            Thread a = Thread.ofPlatform().start(() -> claimAll(store, mine));
            Thread b = Thread.ofPlatform().start(() -> claimAll(other, mine));
            a.join();
            b.join();
            assertThat(mine).hasSize(200).doesNotHaveDuplicates();
            assertThat(store.info().nodes()).hasSize(2);
        }
    }

    @Test
    void anotherReplicaHearsOfEverySubmissionAndEveryEndingOfACommit() throws Exception {
        var submitted = new java.util.concurrent.ConcurrentLinkedQueue<dev.jobpool.jobtype.Pool>();
        var ended = java.util.concurrent.ConcurrentHashMap.<dev.jobpool.job.JobId>newKeySet();
        try (SqlJobStore other = replica(postgres, database)) {
            other.listen(new JobStore.Listener() {
                @Override
                public void submitted(dev.jobpool.jobtype.Pool pool) {
                    submitted.add(pool);
                }

                @Override
                public void ended(dev.jobpool.job.JobId id) {
                    ended.add(id);
                }
            });
            Thread.sleep(500); // its LISTEN is in place
            for (int i = 0; i < 400; i++) { // more ids than one notification's payload holds
                add(dev.jobpool.job.TestJobsAccess.sleep());
            }
            org.awaitility.Awaitility.await().until(() -> submitted.contains(dev.jobpool.jobtype.Pool.IO));
            var running = store.claimNext(dev.jobpool.jobtype.Pool.IO, 400, now);
            var written = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Boolean>>();
            for (var job : running) {
                dev.jobpool.job.TestJobsAccess.succeed(job, now);
                written.add(store.update(job, dev.jobpool.job.JobStatus.RUNNING, 1));
            }
            written.forEach(answer -> assertThat(answer.join()).isTrue());

            org.awaitility.Awaitility.await().untilAsserted(() ->
                    assertThat(ended).containsExactlyInAnyOrderElementsOf(running.stream().map(dev.jobpool.job.Job::id).toList()));
        }
    }

    private void claimAll(JobStore replica, java.util.Collection<String> claimed) {
        while (true) {
            var jobs = replica.claimNext(dev.jobpool.jobtype.Pool.IO, 7, now);
            if (jobs.isEmpty()) {
                return;
            }
            jobs.forEach(job -> claimed.add(job.id().toString()));
        }
    }
}
