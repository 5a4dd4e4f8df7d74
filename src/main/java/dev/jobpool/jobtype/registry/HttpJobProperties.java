package dev.jobpool.jobtype.registry;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in {@code http} job type.
 *
 * @param allowPrivateNetworks let jobs reach loopback, private, link-local and cloud-metadata addresses; off by
 *        default so the service cannot be used to probe its own network (SSRF)
 * @param maxBodySize response body kept in a job's result; the rest is dropped and {@code bodyTruncated} set
 * @param defaultTimeout connect and read timeout of a request whose input names none
 * @param maxConnections open connections at most, over all hosts
 */
@Validated
@ConfigurationProperties("jobpool.http")
public record HttpJobProperties(
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("30s") @NotNull Duration defaultTimeout,
        @DefaultValue("10000") @Min(1) int maxConnections) {
}
