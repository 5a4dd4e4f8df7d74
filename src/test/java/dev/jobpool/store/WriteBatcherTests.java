package dev.jobpool.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Group commit on a real SQLite file in WAL mode, set to wait for the disk on every commit as the store sets it. */
class WriteBatcherTests {

    private static final int FULL = 2;
    private static final int NORMAL = 1;

    @TempDir
    Path folder;

    private WriteBatcher writer;
    private HikariDataSource dataSource;

    @BeforeEach
    void open() throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + folder.resolve("jobs.db"));
        // one pooled connection, as the store pools them: what a losable batch sets on it must not outlive the batch
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setMaximumPoolSize(1);
        dataSource = new HikariDataSource(pool);
        try (var connection = dataSource.getConnection(); Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE claims (id INTEGER PRIMARY KEY)");
        }
        writer = new WriteBatcher(dataSource, SqlDialect.SQLITE, 1, 100, "test-writer", size -> { });
    }

    @AfterEach
    void close() {
        writer.close();
        dataSource.close();
    }

    @Test
    void aBatchOfOnlyLosableWritesCommitsWithoutWaitingForTheDiskAndTheNextWaitsAgain() {
        assertThat(writer.call(WriteBatcherTests::synchronous)).as("a submission").isEqualTo(FULL);
        assertThat(writer.callLosable(WriteBatcherTests::synchronous)).as("a claim alone").isEqualTo(NORMAL);
        assertThat(writer.call(WriteBatcherTests::synchronous)).as("a submission after it").isEqualTo(FULL);
    }

    @Test
    void aLosableWriteBatchedWithADurableOneWaitsForTheDiskWithIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holding = writer.submit(batch -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        // both queue while the writer holds the first batch open, so the next batch carries them together
        CompletableFuture<Integer> claim = writer.submitLosable(WriteBatcherTests::synchronous);
        CompletableFuture<Integer> submission = writer.submit(WriteBatcherTests::synchronous);
        release.countDown();
        holding.join();
        assertThat(claim.join()).isEqualTo(FULL);
        assertThat(submission.join()).isEqualTo(FULL);
    }

    @Test
    void aLosableWriteIsCommittedAndSeenByOtherConnections() throws Exception {
        writer.callLosable(batch -> batch.connection().createStatement().executeUpdate("INSERT INTO claims (id) VALUES (7)"));
        try (var connection = dataSource.getConnection(); Statement read = connection.createStatement();
                ResultSet rows = read.executeQuery("SELECT id FROM claims")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void aFailedLosableWriteLeavesTheConnectionWaitingForTheDisk() {
        CompletableFuture<Integer> failed = writer.submitLosable(batch ->
                batch.connection().createStatement().executeUpdate("INSERT INTO no_such_table VALUES (1)"));
        assertThat(failed).failsWithin(java.time.Duration.ofSeconds(10));
        assertThat(writer.call(WriteBatcherTests::synchronous)).isEqualTo(FULL);
    }

    /** What the transaction's connection will do at commit: 2 waits for the disk (FULL), 1 does not (NORMAL). */
    private static int synchronous(WriteBatcher.Batch batch) throws java.sql.SQLException {
        try (Statement pragma = batch.connection().createStatement(); ResultSet value = pragma.executeQuery("PRAGMA synchronous")) {
            value.next();
            return value.getInt(1);
        }
    }
}
