package dev.jobpool.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and defaults for every job, whichever pool runs it.
 *
 * @param retention how long an ended job and its result stay readable before they are evicted
 * @param maxRetained ended jobs kept at most; the oldest are evicted first
 * @param maxRetainedSize heap that ended jobs' inputs and results may hold (estimated); the oldest are evicted
 *        first, so memory stays bounded whatever the jobs return
 * @param maxResultSize the largest result kept (estimated); a job returning more fails with RESULT_TOO_LARGE
 * @param defaultTimeout the timeout of a job that names none
 * @param maxTimeout the longest timeout a job may ask for
 * @param maxAttempts the most attempts a job may ask for with {@code maxAttempts}
 * @param maxItems the most items one map job may carry
 * @param maxWait the longest long-poll ({@code GET /api/v1/jobs/{id}?wait=...})
 * @param retryBackoff the pause before the second attempt; it doubles for each attempt after that
 * @param retryBackoffMax the longest pause between attempts
 * @param maxRequestSize the largest request body accepted; 16MB admits a map over a million numbers
 * @param shutdownGrace how long running jobs may go on finishing after SIGTERM
 * @param maxDelay how far ahead a job may be scheduled with {@code runAt} or {@code delay}
 * @param submissionMemory request bodies that submissions being handled may hold at once, since a body takes
 *        many times its size in heap while it is read; more get 429. 0 derives it from the heap (a 32nd of
 *        {@code -Xmx}), and it is never less than {@code max-request-size}
 */
@Validated
@ConfigurationProperties("jobpool.jobs")
public record JobsProperties(
        @DefaultValue("1h") @NotNull Duration retention,
        @DefaultValue("100000") @Min(0) int maxRetained,
        @DefaultValue("256MB") @NotNull DataSize maxRetainedSize,
        @DefaultValue("64MB") @NotNull DataSize maxResultSize,
        @DefaultValue("10m") @NotNull Duration defaultTimeout,
        @DefaultValue("24h") @NotNull Duration maxTimeout,
        @DefaultValue("10") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("1000000") @Min(1) int maxItems,
        @DefaultValue("60s") @NotNull Duration maxWait,
        @DefaultValue("1s") @NotNull Duration retryBackoff,
        @DefaultValue("5m") @NotNull Duration retryBackoffMax,
        @DefaultValue("16MB") @NotNull DataSize maxRequestSize,
        @DefaultValue("30s") @NotNull Duration shutdownGrace,
        @DefaultValue("366d") @NotNull Duration maxDelay,
        @DefaultValue("0") @NotNull DataSize submissionMemory) {
}
