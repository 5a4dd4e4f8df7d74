package dev.jobpool.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log into the database file on a thread of its own, beside the commits. Left to
 * itself SQLite does it inside the commit that grows the log past 1,000 pages, which then also writes and syncs
 * the database file: committing a million-item map's 6 MB result took ~120 ms that way and ~40 ms without.
 * So the store's connections checkpoint only as a backstop, at {@link #BACKSTOP_BYTES} of log (a constant stream of
 * commits can keep this thread from ever catching up, and the log would grow), and this thread checkpoints
 * every {@link #EVERY}. A PASSIVE checkpoint blocks no reader and no writer; one with nothing to copy costs a
 * look at the log's index.
 */
final class SqliteCheckpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpoints.class);

    /** The log the store's connections checkpoint at themselves ({@code wal_autocheckpoint}, which counts pages). */
    static final long BACKSTOP_BYTES = 40L * 1024 * 1024;
    /** The {@code journal_size_limit}: a log that grew past it (a huge result) is cut back once checkpointed. */
    static final long LOG_SIZE_LIMIT = 64L * 1024 * 1024;
    static final Duration EVERY = Duration.ofMillis(100);

    /** {@link #BACKSTOP_BYTES} in pages of a file's size: 2,560 of a new file's 16 KB, 10,240 of an older one's 4 KB. */
    static int backstopPages(int pageSize) {
        return (int) (BACKSTOP_BYTES / pageSize);
    }

    private final DataSource dataSource;
    private final Thread thread;
    private volatile boolean closing;

    private SqliteCheckpoints(DataSource dataSource) {
        this.dataSource = dataSource;
        this.thread = Thread.ofPlatform().daemon().name("jobpool-sqlite-checkpoints").unstarted(this::run);
    }

    static SqliteCheckpoints start(DataSource dataSource) {
        SqliteCheckpoints checkpoints = new SqliteCheckpoints(dataSource);
        checkpoints.thread.start();
        return checkpoints;
    }

    private void run() {
        boolean failing = false;
        while (!closing) {
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return; // closing
            }
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                failing = false;
            } catch (SQLException | RuntimeException e) {
                if (!closing && !failing) { // once per spell: the writer's backstop checkpoints meanwhile
                    log.warn("checkpointing the job store's write-ahead log failed: {}", e.getMessage());
                }
                failing = true;
            }
        }
    }

    /** Stops checkpointing; closing the last connection then checkpoints what is left. */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
