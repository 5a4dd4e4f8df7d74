package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.cpupool.protocol.Payloads;
import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobTimers;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.CompactJson;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.jobtype.registry.JsonItems;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives free workers work and ends runs. Free workers ask the scheduler for jobs, one claim for all of them (the
 * store is the queue); a map job is cut into chunks, spread over every free worker, with {@code frames-in-flight} of them
 * queued at each so a worker never waits for its next chunk. Event loop only.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final JobScheduler scheduler;
    private final JobTimers timers;
    private final CpuPoolProperties properties;
    private final EventLoop loop;
    private final WorkerSlots slots;
    /** The runs not ended, in the order they were claimed: the first with chunks to send gets the next free worker. */
    private final Map<JobId, CpuRun> runs = new LinkedHashMap<>();
    /** False once a claim found the queue empty, until a wake-up: see {@link #claimForFreeWorkers()}. */
    private boolean queueMayHaveWork = true;
    private long nextRequestId;

    Dispatcher(JobScheduler scheduler, JobTimers timers, CpuPoolProperties properties, EventLoop loop, WorkerSlots slots) {
        this.scheduler = scheduler;
        this.timers = timers;
        this.properties = properties;
        this.loop = loop;
        this.slots = slots;
    }

    /** A wake-up: the queue may hold work again (a submission, a job come due, a rescue, the heartbeat). */
    void workAvailable() {
        queueMayHaveWork = true;
        dispatch();
    }

    /** Gives every free worker work: first pending chunks of running jobs, in the order they were claimed, then new jobs. */
    void dispatch() {
        if (!slots.isOpen()) {
            return;
        }
        for (int slot = 0; slot < slots.count(); slot++) {
            WorkerProcess worker = slots.inSlot(slot);
            if (!isFree(worker)) {
                continue;
            }
            CpuRun run = pendingRun();
            while (run == null && queueMayHaveWork) {
                if (!claimForFreeWorkers()) {
                    return;
                }
                run = pendingRun();
            }
            if (run == null) {
                return;
            }
            assign(worker, run);
        }
    }

    private static boolean isFree(WorkerProcess worker) {
        return worker != null && worker.run == null && worker.state() == WorkerProcess.State.IDLE;
    }

    private CpuRun pendingRun() {
        for (CpuRun run : runs.values()) {
            if (run.hasPending()) {
                return run;
            }
        }
        return null;
    }

    /**
     * Claims a job for each free worker in one claim (one commit on a durable store). Fewer than asked means the
     * queue is empty: no worker freed after that asks again until a wake-up says there may be work, since each
     * claim runs here, on the event loop, while the results of the other workers wait (~4 ms on SQLite). False if
     * the store could not be reached.
     */
    private boolean claimForFreeWorkers() {
        int free = 0;
        for (int slot = 0; slot < slots.count(); slot++) {
            free += isFree(slots.inSlot(slot)) ? 1 : 0;
        }
        List<Job> claimed;
        try {
            claimed = scheduler.claim(Pool.CPU, free);
        } catch (StoreUnavailableException e) {
            log.warn("CPU pool could not claim jobs: {}; the scheduler's heartbeat wakes it again", e.getMessage());
            return false;
        }
        if (claimed.size() < free) {
            queueMayHaveWork = false;
        }
        claimed.forEach(this::begin);
        return true;
    }

    private void begin(Job job) {
        int attempt = job.attempts();
        JsonItems items = job.items();
        if (!job.isRunning(attempt)) {
            return; // cancelled a moment after the claim
        }
        int chunkSize = job.chunkSize() > 0 ? job.chunkSize() : defaultChunkSize(items == null ? 1 : items.size());
        runs.put(job.id(), new CpuRun(job, attempt, items, chunkSize));
    }

    /** Like Python's Pool.map: about four chunks per worker, capped so a frame stays small. */
    private int defaultChunkSize(int items) {
        int chunk = (int) Math.ceil(items / (4.0 * slots.count()));
        return Math.clamp(chunk, 1, properties.maxChunkSize());
    }

    private void assign(WorkerProcess worker, CpuRun run) {
        worker.run = run;
        worker.state(WorkerProcess.State.BUSY);
        worker.jobId(run.job.id().toString());
        run.workers.add(worker);
        fill(worker);
    }

    /** Keeps up to {@code frames-in-flight} requests of the worker's job queued at it. */
    void fill(WorkerProcess worker) {
        CpuRun run = worker.run;
        while (worker.inFlight < properties.framesInFlight() && run.hasPending()) {
            long requestId = ++nextRequestId;
            byte[] execute;
            CpuRun.Chunk chunk;
            if (run.isMap()) {
                int from = run.nextItem;
                int to = from + Math.min(run.chunkSize, run.items.size() - from);
                run.nextItem = to;
                execute = Payloads.executeItems(run.job.id().toString(), run.attempt, run.job.type(), run.items.slice(from, to));
                chunk = new CpuRun.Chunk(requestId, worker, from, to);
            } else {
                run.singleSent = true;
                execute = Payloads.executeInput(run.job.id().toString(), run.attempt, run.job.type(),
                        JobJson.MAPPER.writeValueAsBytes(run.job.input()));
                chunk = new CpuRun.Chunk(requestId, worker, 0, 1);
            }
            if (execute.length > properties.maxFrameSize().toBytes()) {
                refuseOversized(run, worker, execute.length);
                return;
            }
            run.inFlight.put(requestId, chunk);
            worker.inFlight++;
            try {
                worker.send(new Frame(FrameType.EXECUTE, requestId, execute));
            } catch (IOException e) {
                // the worker is going; its reader reports it gone and the job fails or retries there
                log.debug("{}: sending EXECUTE failed: {}", worker, e.toString());
                return;
            }
        }
    }

    /**
     * A request larger than a frame may carry never reaches a worker: its job fails, as the handler's refusal of
     * its input would, instead of waiting for a result until its timeout. The worker gets its next job once this
     * turn of the event loop is over (not from here, which may be inside {@link #dispatch()}).
     */
    private void refuseOversized(CpuRun run, WorkerProcess worker, int bytes) {
        String what = run.isMap() ? "a chunk of " + run.chunkSize + " items" : "the input";
        String remedy = run.isMap() ? "give a smaller chunkSize" : "send less input";
        failed(run, new JobError(ErrorCode.INVALID_INPUT, what + " is " + bytes + " bytes as sent to a worker; frames carry "
                + "at most " + properties.maxFrameSize().toBytes() + " (jobpool.cpu.max-frame-size): " + remedy), false);
        loop.post(() -> releaseIfDone(worker));
    }

    // --- ending runs

    /** A client cancelled the job, or it timed out: its run ends. */
    void stop(JobId id) {
        CpuRun run = runs.get(id);
        if (run != null) {
            end(run);
        }
    }

    void succeeded(CpuRun run, CompactJson output) {
        end(run);
        scheduler.succeeded(run.job, run.attempt, output);
    }

    void failed(CpuRun run, JobError error, boolean retryable) {
        end(run);
        scheduler.failed(run.job, run.attempt, error, retryable);
    }

    /**
     * Ends a run for good: no more frames go out for it; workers still busy with it get CANCEL, and those that
     * have not stopped after the grace are killed.
     */
    private void end(CpuRun run) {
        if (run.ended) {
            return;
        }
        run.ended = true;
        runs.remove(run.job.id());
        if (run.inFlight.isEmpty()) {
            return;
        }
        for (CpuRun.Chunk chunk : run.inFlight.values()) {
            try {
                chunk.worker().send(Frame.of(FrameType.CANCEL, chunk.requestId()));
            } catch (IOException e) {
                log.debug("{}: sending CANCEL failed: {}", chunk.worker(), e.toString());
            }
        }
        timers.schedule(properties.cancelGrace(), () -> loop.post(() -> {
            for (WorkerProcess worker : List.copyOf(run.workers)) {
                if (worker.run == run && worker.inFlight > 0 && worker.state() != WorkerProcess.State.STOPPING) {
                    log.info("{} did not stop job {} within {} ms; killing it", worker, run.job.id(),
                            properties.cancelGrace().toMillis());
                    worker.stopReason = "killed";
                    worker.kill();
                }
            }
        }));
    }

    // --- freeing workers

    /** A worker whose job needs nothing more from it becomes free; recycling happens here, between jobs. */
    void releaseIfDone(WorkerProcess worker) {
        CpuRun run = worker.run;
        if (run == null || worker.inFlight > 0 || run.hasPending()) {
            return;
        }
        run.workers.remove(worker);
        worker.run = null;
        worker.jobId(null);
        worker.countJob();
        if (worker.state() == WorkerProcess.State.BUSY) {
            worker.state(WorkerProcess.State.IDLE);
        }
        slots.recycleIfDue(worker);
        dispatch();
    }

    /** A worker left: it has no part in its run any more. Returns that run if it has not ended, for it to fail. */
    CpuRun workerLeft(WorkerProcess worker) {
        CpuRun run = worker.run;
        if (run == null) {
            return null;
        }
        run.inFlight.values().removeIf(chunk -> chunk.worker() == worker);
        run.workers.remove(worker);
        worker.run = null;
        return run.ended ? null : run;
    }
}
