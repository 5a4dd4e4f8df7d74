package dev.jobpool.cpupool;

import dev.jobpool.job.Job;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JsonItems;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One attempt of one job on the CPU pool: a single request, or a map job's chunks spread over the workers
 * with a few frames in flight each. Owned by the pool's event thread.
 */
final class CpuRun {

    /** A request sent to a worker: items {@code from} (inclusive) to {@code to}, or the single input. */
    record Chunk(long requestId, WorkerProcess worker, int from, int to) {
    }

    final Job job;
    final int attempt;
    final JsonItems items;
    final int chunkSize;
    /** Each chunk's outputs as the JSON array the worker wrote, by chunk number ({@code from / chunkSize}). */
    final byte[][] outputs;
    final Map<Long, Chunk> inFlight = new HashMap<>();
    final Set<WorkerProcess> workers = new HashSet<>();
    int nextItem;
    int itemsLeft;
    boolean singleSent;
    boolean ended;

    CpuRun(Job job, int attempt, JsonItems items, int chunkSize) {
        this.job = job;
        this.attempt = attempt;
        this.items = items;
        this.chunkSize = chunkSize;
        this.outputs = items == null ? null : new byte[Math.ceilDiv(items.size(), chunkSize)][];
        this.itemsLeft = items == null ? 1 : items.size();
    }

    boolean isMap() {
        return items != null;
    }

    /** Work not yet sent to any worker. */
    boolean hasPending() {
        return !ended && (isMap() ? nextItem < items.size() : !singleSent);
    }

    /** The job's result: the chunks' arrays joined into one. */
    CompactJson result() {
        return CompactJson.joinArrays(outputs);
    }
}
