package dev.jobpool.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobpool.job.JobStoreContractTests;
import dev.jobpool.security.SessionStore;
import dev.jobpool.security.SessionStoreContractTests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The session store's contract on SQLite and on PostgreSQL, each through the V4 migration. */
class SqlSessionStoreTests {

    private static EmbeddedPostgres postgres;
    private static SqlJobStore open;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @AfterEach
    void close() {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    private static SessionStore sessionsOf(SqlJobStore store) {
        open = store;
        return store.sessions();
    }

    @Nested
    class OnSqlite extends SessionStoreContractTests {

        @TempDir
        Path folder;

        @Override
        protected SessionStore newStore() {
            return sessionsOf(StoreConfiguration.sqlite(folder.resolve("jobs.db"), SqliteJobStoreTests.PROPERTIES, 1000,
                    JobStoreContractTests.TENANTS, new StoreMetrics(new SimpleMeterRegistry()), Clock.fixed(NOW, ZoneOffset.UTC)));
        }
    }

    @Nested
    class OnPostgresql extends SessionStoreContractTests {

        @Override
        protected SessionStore newStore() {
            try {
                String database = PostgresJobStoreTests.createDatabase(postgres);
                HikariDataSource dataSource = new HikariDataSource();
                dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", database));
                return sessionsOf(StoreConfiguration.postgresql(dataSource, database, PostgresJobStoreTests.PROPERTIES, 1000,
                        JobStoreContractTests.TENANTS, new StoreMetrics(new SimpleMeterRegistry()), Clock.fixed(NOW, ZoneOffset.UTC)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
