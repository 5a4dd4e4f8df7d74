package dev.jobpool.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where jobs are kept.
 *
 * @param type {@code auto} (PostgreSQL when {@code spring.datasource.url} is set, else the embedded SQLite
 *        file), {@code sqlite}, {@code postgresql}, or {@code memory} (lost on restart: for throwaway runs)
 * @param path the embedded database file; its folder is created if missing
 * @param lease how long a replica may go without renewing its running jobs before another replica rescues
 *        them (retry or fail with NODE_LOST)
 * @param heartbeat how often a replica renews its leases, saves progress and looks for abandoned jobs; well
 *        under the lease
 * @param maxBatch the most writes (submissions, outcomes, claims) committed together in one transaction
 */
@Validated
@ConfigurationProperties("jobpool.store")
public record StoreProperties(
        @DefaultValue("auto") @NotNull Type type,
        @DefaultValue("data/jobpool.db") @NotNull Path path,
        @DefaultValue("15s") @NotNull Duration lease,
        @DefaultValue("3s") @NotNull Duration heartbeat,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatch) {

    public enum Type {
        AUTO, SQLITE, POSTGRESQL, MEMORY
    }
}
