package dev.jobpool.cpupool;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The CPU pool: worker JVMs, one job at a time each.
 *
 * @param workers worker JVMs; 0 means one per available processor (in a container: its CPU limit)
 * @param workerHeap each worker's {@code -Xmx}; a job that needs more fails with OUT_OF_MEMORY
 * @param maxJobsPerWorker replace a worker after this many jobs (its successor starts first); 0 never
 * @param queueCapacity queued CPU jobs admitted before new submissions get 429
 * @param cancelGrace after a CANCEL frame, how long a worker may take to stop before it is killed
 * @param spawnTimeout how long a new worker may take to say HELLO
 * @param maxFrameSize the largest frame either side accepts; a larger result fails with RESULT_TOO_LARGE
 * @param framesInFlight EXECUTE frames of a map job queued at each worker, so it never waits for the next
 * @param maxChunkSize the most items in one frame when the job names no chunkSize; 50,000 integers are a frame of
 *        about 150 KB down and 300 KB up, and a million-item map took 31-35 ms in its workers with it against
 *        38-56 ms with 10,000 (fewer round trips through the pool's event thread, on a machine whose two cores the
 *        workers keep busy)
 * @param aotCache start workers from a JDK AOT cache of their classes, trained once per build and JDK by a
 *        worker that runs after the pool is warm; only when the workers' classpath holds jars only (as under
 *        {@code java -jar}); a cache the JVM refuses is dropped, and workers start without it
 * @param cacheDir where the workers' AOT cache and the jars copied out of {@code java -jar}'s nested jars live;
 *        {@code jobpool-worker-cache} in the temp folder when absent
 * @param jvmOptions extra options for every worker JVM
 * @param workerHeapRecycle replace a worker (its successor starts first) whose heap in use stays above this
 *        after a job, even after a full GC: what a handler leaves reachable; absent means three quarters of
 *        {@code worker-heap}, and {@code worker-heap} or more never
 * @param pingInterval how often an idle worker is sent PING
 * @param pingTimeout an idle worker that has not answered a PING within this is killed and replaced
 */
@Validated
@ConfigurationProperties("jobpool.cpu")
public record CpuPoolProperties(
        @DefaultValue("0") @Min(0) int workers,
        @DefaultValue("256MB") @NotNull DataSize workerHeap,
        @DefaultValue("10000") @Min(0) int maxJobsPerWorker,
        @DefaultValue("10000") @Min(1) int queueCapacity,
        @DefaultValue("500ms") @NotNull Duration cancelGrace,
        @DefaultValue("30s") @NotNull Duration spawnTimeout,
        @DefaultValue("64MB") @NotNull DataSize maxFrameSize,
        @DefaultValue("4") @Min(1) int framesInFlight,
        @DefaultValue("50000") @Min(1) int maxChunkSize,
        @DefaultValue("true") boolean aotCache,
        Path cacheDir,
        @DefaultValue("") List<String> jvmOptions,
        DataSize workerHeapRecycle,
        @DefaultValue("5s") @NotNull Duration pingInterval,
        @DefaultValue("10s") @NotNull Duration pingTimeout) {

    /** The worker count this machine gets. */
    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** The heap a worker may keep after a job, in bytes; 0 when no limit applies. */
    public long heapRecycleBytes() {
        long limit = workerHeapRecycle != null ? workerHeapRecycle.toBytes() : workerHeap.toBytes() / 4 * 3;
        return limit < workerHeap.toBytes() ? limit : 0;
    }
}
