package dev.jobpool.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private SqlJobStore open() {
        return StoreConfiguration.sqlite(folder.resolve("jobs.db"), PROPERTIES, 1000, new StoreMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
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
    void aSecondProcessOnTheSameFileIsRefused() {
        assertThatThrownBy(this::open).hasMessageContaining("in use by another jobpool process")
                .hasMessageContaining("jobs.db");
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
        assertThatThrownBy(() -> StoreConfiguration.sqlite(bogus, PROPERTIES, 1000,
                new StoreMetrics(new SimpleMeterRegistry()), Clock.systemUTC()))
                .hasMessageContaining(bogus.toString())
                .hasMessageContaining("move it away");
        assertThat(Files.readString(bogus)).startsWith("these are my notes");
    }
}
