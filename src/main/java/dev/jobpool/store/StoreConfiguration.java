package dev.jobpool.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobpool.job.InMemoryJobStore;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.JobsProperties;
import dev.jobpool.job.StoreProperties;
import dev.jobpool.job.TenantsProperties;
import dev.jobpool.security.ApiKeyStore;
import dev.jobpool.security.InMemoryApiKeyStore;
import dev.jobpool.security.InMemorySessionStore;
import dev.jobpool.security.RateLimitBuckets;
import dev.jobpool.security.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Picks the job store: the embedded SQLite file by default, PostgreSQL when {@code spring.datasource.url}
 * names one, or memory when asked for. The database's schema is brought up to date by Flyway first; a
 * database whose schema is newer than this build is refused, so an old replica never writes a new schema.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({StoreProperties.class, DataSourceProperties.class})
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);
    private static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(3);
    /** The page size of a new SQLite store file (see {@link #openWithLargePages}). */
    static final int PAGE_SIZE = 16 * 1024;

    @Bean
    JobStore jobStore(StoreProperties store, JobsProperties jobs, TenantsProperties tenants, DataSourceProperties dataSource,
            MeterRegistry meters, Clock clock) {
        StoreMetrics metrics = new StoreMetrics(meters);
        return switch (typeOf(store, dataSource)) {
            case MEMORY -> {
                log.warn("jobs are kept in memory (jobpool.store.type=memory): every queued job and result is lost on restart");
                yield new InMemoryJobStore(jobs.maxRetained(), jobs.maxRetainedSize().toBytes(), tenants);
            }
            case SQLITE -> sqlite(store.path(), store, jobs.maxRetained(), tenants, metrics, clock);
            case POSTGRESQL -> postgresql(dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build(),
                    withoutQuery(dataSource.getUrl()), store, jobs.maxRetained(), tenants, metrics, clock);
            case AUTO -> throw new IllegalStateException("resolved above");
        };
    }

    /** API keys live with the jobs: in the database, or in memory beside the in-memory store. */
    @Bean
    ApiKeyStore apiKeyStore(JobStore jobs) {
        return jobs instanceof SqlJobStore sql ? sql.apiKeys() : new InMemoryApiKeyStore();
    }

    /** Dashboard sessions live beside the keys they were made from. */
    @Bean
    SessionStore sessionStore(JobStore jobs) {
        return jobs instanceof SqlJobStore sql ? sql.sessions() : new InMemorySessionStore();
    }

    /** Rate limits are shared by replicas through PostgreSQL; a single process keeps its buckets in memory. */
    @Bean
    RateLimitBuckets rateLimitBuckets(JobStore jobs) {
        return jobs instanceof SqlJobStore sql ? sql.sharedRateLimitBuckets().orElseGet(RateLimitBuckets::local)
                : RateLimitBuckets.local();
    }

    private static StoreProperties.Type typeOf(StoreProperties store, DataSourceProperties dataSource) {
        if (store.type() != StoreProperties.Type.AUTO) {
            return store.type();
        }
        String url = dataSource.getUrl();
        if (url == null || url.isBlank()) {
            return StoreProperties.Type.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return StoreProperties.Type.POSTGRESQL;
        }
        if (url.startsWith("jdbc:sqlite:")) {
            throw new IllegalStateException("spring.datasource.url names a SQLite file; set jobpool.store.path instead");
        }
        throw new IllegalStateException("spring.datasource.url must be a PostgreSQL URL (jdbc:postgresql://host/db); "
                + "jobpool keeps jobs in PostgreSQL or in its embedded SQLite file (jobpool.store.path)");
    }

    static SqlJobStore sqlite(Path path, StoreProperties store, int maxRetained, TenantsProperties tenants,
            StoreMetrics metrics, Clock clock) {
        Path file = path.toAbsolutePath().normalize();
        FileLock lock = lockOwnership(file);
        int pageSize;
        try {
            pageSize = openWithLargePages(file);
        } catch (SQLException | IOException | RuntimeException e) {
            release(lock);
            throw unusable(file.toString(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // a 202 survives a power cut, not only a kill
        config.setBusyTimeout(10_000);
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(SqliteCheckpoints.backstopPages(pageSize)));
        config.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(SqliteCheckpoints.LOG_SIZE_LIMIT));
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("jobpool-sqlite");
        pool.setMaximumPoolSize(8);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            release(lock);
            throw unusable(file.toString(), e);
        }
        try {
            migrate(dataSource, SqlDialect.SQLITE, file.toString());
        } catch (RuntimeException e) {
            dataSource.close();
            release(lock);
            throw e;
        }
        log.info("jobs are kept in {} (SQLite, WAL)", file);
        SqliteCheckpoints checkpoints = SqliteCheckpoints.start(dataSource);
        return new SqlJobStore(dataSource, SqlDialect.SQLITE, file.toString(), nodeId(), true, store.lease(),
                store.maxBatch(), maxRetained, tenants, clock, metrics, () -> { }, () -> {
                    checkpoints.close();
                    dataSource.close();
                    release(lock);
                });
    }

    /**
     * Makes a new store file with 16 KB pages instead of SQLite's 4 KB: a million-item map's payloads (3 MB of items,
     * 6 MB of result) then take a quarter of the pages, each one a write to the log and one more to the checkpoint;
     * by hand (WAL, synchronous FULL) their commits took half as long, a single small row's ~15% longer. An existing
     * file keeps its pages (a database in WAL mode cannot change them). The size must be set before WAL mode is,
     * which the connection pool's config applies first, so it is done here on a connection of its own. Returns the
     * file's page size, new or not.
     */
    private static int openWithLargePages(Path file) throws SQLException, IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            if (fresh) {
                statement.execute("PRAGMA page_size = " + PAGE_SIZE);
                statement.execute("PRAGMA journal_mode = WAL");
            }
            try (ResultSet pageSize = statement.executeQuery("PRAGMA page_size")) {
                pageSize.next();
                return pageSize.getInt(1);
            }
        }
    }

    /** @param location the URL without credentials, for logs and the API */
    static SqlJobStore postgresql(HikariDataSource dataSource, String location, StoreProperties store, int maxRetained,
            TenantsProperties tenants, StoreMetrics metrics, Clock clock) {
        dataSource.setPoolName("jobpool-postgresql");
        dataSource.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis()); // fail fast (503) while the database is down
        dataSource.setInitializationFailTimeout(-1); // start even if it is down: readiness says so until it is back
        log.info("jobs are kept in PostgreSQL at {}", location);
        return new SqlJobStore(dataSource, SqlDialect.POSTGRESQL, location, nodeId(), false, store.lease(),
                store.maxBatch(), maxRetained, tenants, clock, metrics, () -> migrate(dataSource, SqlDialect.POSTGRESQL, location),
                dataSource::close);
    }

    /** Applies the schema; refuses a file that is not a jobpool database, or a schema newer than this build. */
    private static void migrate(DataSource dataSource, SqlDialect dialect, String location) {
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + dialect.migrations)
                    .ignoreMigrationPatterns(new String[0]) // an unknown migration is an error, never skipped
                    .load();
            for (MigrationInfo applied : flyway.info().applied()) {
                if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                    throw new IllegalStateException("the job store at " + location + " has schema version "
                            + applied.getVersion() + ", newer than this jobpool knows: a newer jobpool has migrated it. "
                            + "Run that version (or a newer one) here too; an older replica never writes a newer schema");
                }
            }
            flyway.migrate();
        } catch (FlywayException e) {
            if (SqlErrors.isConnectionLost(e)) {
                throw e; // an outage: the store tries again
            }
            throw unusable(location, e);
        }
    }

    private static IllegalStateException unusable(String location, Exception e) {
        return new IllegalStateException("the job store at " + location + " cannot be used: " + e.getMessage()
                + " — if it is not a jobpool database (or a newer jobpool's), point jobpool.store.path or "
                + "spring.datasource.url elsewhere; if it is damaged, move it away to start empty", e);
    }

    /** One process per database file: a second one would take the first one's running jobs for abandoned. */
    private static FileLock lockOwnership(Path file) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // this very process holds it already
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(file + " is in use by another jobpool process (" + lockFile + " is locked); "
                        + "stop it, or give this one its own jobpool.store.path; to share jobs between replicas use PostgreSQL");
            }
            return lock;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the job store at " + file + ": " + e.getMessage(), e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            log.debug("could not release the store's lock file: {}", e.getMessage());
        }
    }

    /** Unique per process: the pod or host name when known, the pid, and a random part. */
    private static String nodeId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "jobpool");
        return host + "-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    /** A URL as logs and the API may show it: no query string, where passwords can hide. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
