package dev.jobpool.iopool;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The I/O pool: virtual threads for jobs that wait.
 *
 * @param maxConcurrency jobs (or map chunks) running at once; bounds the sockets opened downstream
 * @param queueCapacity queued I/O jobs admitted before new submissions get 429
 */
@Validated
@ConfigurationProperties("jobpool.io")
public record IoPoolProperties(
        @DefaultValue("10000") @Min(1) int maxConcurrency,
        @DefaultValue("100000") @Min(1) int queueCapacity) {
}
