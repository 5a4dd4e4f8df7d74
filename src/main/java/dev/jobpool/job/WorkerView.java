package dev.jobpool.job;

import java.time.Duration;

/**
 * One worker process of a pool, as {@code GET /api/v1/pools} shows it.
 *
 * @param slot the worker's place in the pool; a replacement takes the same slot
 * @param restarts how many workers this slot has had after its first
 * @param jobId the job it runs now, or null
 */
public record WorkerView(int slot, long pid, String state, long jobsRun, Duration uptime, int restarts, String jobId) {
}
