package dev.jobpool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobpool.job.DurableJobStoreContractTests;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.StoreProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTests extends DurableJobStoreContractTests {

    @TempDir
    Path folder;

    static final StoreProperties PROPERTIES = new StoreProperties(StoreProperties.Type.SQLITE, Path.of("unused"), LEASE,
            Duration.ofSeconds(3), 1000);

    /** On the tests' clock, which stands at {@code now}: leases run from the times the tests name. */
    private SqlJobStore open() {
        return StoreConfiguration.sqlite(folder.resolve("jobs.db"), PROPERTIES, 1000, dev.jobpool.job.JobStoreContractTests.TENANTS, new StoreMetrics(new SimpleMeterRegistry()),
                Clock.fixed(now, java.time.ZoneOffset.UTC));
    }

    @Override
    protected JobStore newStore() {
        return open();
    }

    @Override
    protected JobStore reopen() {
        ((SqlJobStore) store).close();
        return open();
    }

    @Test
    void theWriteAheadLogIsCopiedIntoTheDatabaseBesideTheCommits() throws Exception {
        Path file = folder.resolve("jobs.db");
        long before = Files.size(file);
        // ~1 MB, some 60 pages: SQLite itself would leave them in the log until it held 2,560
        add(aMap(50_000));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.size(file)).isGreaterThan(before + 500_000));
    }

    /** A new file gets large pages (a big map's payloads take fewer); an older file keeps the pages it has. */
    @Test
    void aNewFileHasSixteenKilobytePagesAndAnOlderOneKeepsItsOwn() throws Exception {
        assertThat(pageSize(folder.resolve("jobs.db"))).isEqualTo(StoreConfiguration.PAGE_SIZE).isEqualTo(16 * 1024);

        Path older = folder.resolve("older/jobs.db");
        Files.createDirectories(older.getParent());
        var config = new org.sqlite.SQLiteConfig(); // as a jobpool before large pages made its file
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        var dataSource = new org.sqlite.SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + older);
        org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load().migrate();
        try (SqlJobStore opened = StoreConfiguration.sqlite(older, PROPERTIES, 1000, dev.jobpool.job.TenantsProperties.NONE,
                new StoreMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
            assertThat(opened.claimNext(dev.jobpool.jobtype.Pool.IO, 1, now)).isEmpty();
        }
        assertThat(pageSize(older)).isEqualTo(4096);
    }

    /** SQLite's own checkpoint waits for the same ~40 MB of log whatever the file's pages. */
    @Test
    void theBackstopCheckpointCountsPagesOfTheFilesOwnSize() {
        assertThat(SqliteCheckpoints.backstopPages(16 * 1024)).isEqualTo(2_560);
        assertThat(SqliteCheckpoints.backstopPages(4 * 1024)).isEqualTo(10_240);
    }

    private static int pageSize(Path file) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                var result = connection.createStatement().executeQuery("PRAGMA page_size")) {
            result.next();
            return result.getInt(1);
        }
    }

    @Test
    void aSecondProcessOnTheSameFileIsRefused() {
        assertThatThrownBy(this::open).hasMessageContaining("in use by another jobpool process")
                .hasMessageContaining("jobs.db");
    }

    @Test
    void aDatabaseOfTheFirstSchemaIsMigratedWithItsJobs() throws Exception {
        Path old = folder.resolve("v1/jobs.db");
        java.nio.file.Files.createDirectories(old.getParent());
        var dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + old);
        org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").target("1")
                .load().migrate();
        try (var connection = dataSource.getConnection()) {
            connection.createStatement().execute("INSERT INTO jobs (id, type, pool, status, priority, timeout_ms, max_attempts,"
                    + " attempts, labels, input, item_count, chunk_size, items_done, result, not_before, created_at, finished_at)"
                    + " VALUES ('3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17', 'sleep', 'IO', 'SUCCEEDED', 0, 30000, 1, 1, '{}',"
                    + " '{\"duration\":\"1s\"}', 0, 0, 1, CAST('42' AS BLOB), 0, 0, 1)");
        }
        try (SqlJobStore migrated = StoreConfiguration.sqlite(old, PROPERTIES, 1000, dev.jobpool.job.JobStoreContractTests.TENANTS, new StoreMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())) {
            var job = migrated.find(dev.jobpool.job.JobId.parse("3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b17")).orElseThrow().snapshot();
            assertThat(job.result().tree().intValue()).isEqualTo(42);
            assertThat(job.resultSize()).as("measured only from now on").isNull();
        }
    }

    @Test
    void aQueuedMapWhoseItemsWereStoredAsJsonInTheJobsRowRunsAfterTheMigration() throws Exception {
        Path old = folder.resolve("v3/jobs.db");
        java.nio.file.Files.createDirectories(old.getParent());
        var dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + old);
        org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").target("3")
                .load().migrate();
        try (var connection = dataSource.getConnection()) {
            connection.createStatement().execute("INSERT INTO jobs (id, tenant, type, pool, status, priority, turn, timeout_ms,"
                    + " max_attempts, attempts, labels, items, item_count, chunk_size, items_done, not_before, created_at)"
                    + " VALUES ('3f2b8c1e-7d4a-4e2b-9c61-0a5f3e8d2b18', 'default', 'sleep', 'IO', 'QUEUED', 0, 1, 30000, 1, 0,"
                    + " '{}', CAST('[{\"duration\":\"1ms\"},{\"duration\":\"2ms\"}]' AS BLOB), 2, 0, 0, 0, 0)");
        }
        try (SqlJobStore migrated = StoreConfiguration.sqlite(old, PROPERTIES, 1000, dev.jobpool.job.JobStoreContractTests.TENANTS,
                new StoreMetrics(new SimpleMeterRegistry()), Clock.systemUTC())) {
            var claimed = migrated.claimNext(dev.jobpool.jobtype.Pool.IO, 1, java.time.Instant.EPOCH.plusSeconds(1)).getFirst();
            assertThat(claimed.items()).hasSize(2);
            assertThat(claimed.items().get(1).get("duration").asString()).isEqualTo("2ms");
        }
    }

    @Test
    void aDatabaseMigratedByANewerJobpoolIsRefused() throws Exception {
        ((SqlJobStore) store).close();
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("jobs.db"))) {
            connection.createStatement().execute("INSERT INTO flyway_schema_history (installed_rank, version, description,"
                    + " type, script, checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future',"
                    + " 'SQL', 'V99__from_the_future.sql', 0, 'jobpool', 1, 1)");
        }
        assertThatThrownBy(this::open).hasMessageContaining("jobs.db").hasMessageContaining("99")
                .hasMessageContaining("newer jobpool");
        store = null; // closed above, and refused since
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedNamingIt() throws Exception {
        Path bogus = folder.resolve("other/notes.db");
        Files.createDirectories(bogus.getParent());
        Files.writeString(bogus, "these are my notes, not a database ".repeat(200));
        assertThatThrownBy(() -> StoreConfiguration.sqlite(bogus, PROPERTIES, 1000, dev.jobpool.job.TenantsProperties.NONE,
                new StoreMetrics(new SimpleMeterRegistry()), Clock.systemUTC()))
                .hasMessageContaining(bogus.toString())
                .hasMessageContaining("move it away");
        assertThat(Files.readString(bogus)).startsWith("these are my notes");
    }
}
