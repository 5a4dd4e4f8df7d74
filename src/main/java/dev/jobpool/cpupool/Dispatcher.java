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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives free workers work and ends runs. A worker that is free asks the scheduler for a job (the store is the
 * queue); a map job is cut into chunks, spread over every free worker, with {@code frames-in-flight} of them
 * queued at each so a worker never waits for its next chunk. Event loop only.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final JobScheduler scheduler;
    private final JobTimers timers;
    private final CpuPoolProperties properties;
    private final EventLoop loop;
    private final WorkerSlots slots;
    private final Map<JobId, CpuRun> runs = new HashMap<>();
    private long nextRequestId;

    Dispatcher(JobScheduler scheduler, JobTimers timers, CpuPoolProperties properties, EventLoop loop, WorkerSlots slots) {
        this.scheduler = scheduler;
        this.timers = timers;
        this.properties = properties;
        this.loop = loop;
        this.slots = slots;
    }

    /**
     * Gives every free worker work: first pending chunks of running map jobs, then new jobs from the queue. Each
     * free worker gets its first frame before any gets the rest of its {@code frames-in-flight}, so the last worker
     * does not wait to start while the first one's queue is written.
     */
    void dispatch() {
        if (!slots.isOpen()) {
            return;
        }
        List<WorkerProcess> assigned = new ArrayList<>(slots.count());
        for (int slot = 0; slot < slots.count(); slot++) {
            WorkerProcess worker = slots.inSlot(slot);
            if (worker == null || worker.run != null || worker.state() != WorkerProcess.State.IDLE) {
                continue;
            }
            CpuRun run = nextRun();
            if (run == null) {
                break;
            }
            assign(worker, run);
            assigned.add(worker);
        }
        assigned.forEach(this::fill);
    }

    /** A running map job with chunks still to send, else a job newly claimed; null if there is none. */
    private CpuRun nextRun() {
        CpuRun run = runs.values().stream().filter(CpuRun::hasPending).findFirst().orElse(null);
        while (run == null) {
            List<Job> claimed;
            try {
                claimed = scheduler.claim(Pool.CPU, 1);
            } catch (StoreUnavailableException e) {
                log.warn("CPU pool could not claim jobs: {}; the scheduler's heartbeat wakes it again", e.getMessage());
                return null;
            }
            if (claimed.isEmpty()) {
                return null;
            }
            run = begin(claimed.getFirst());
        }
        return run;
    }

    private CpuRun begin(Job job) {
        int attempt = job.attempts();
        JsonItems items = job.items();
        if (!job.isRunning(attempt)) {
            return null; // cancelled a moment after the claim
        }
        int chunkSize = job.chunkSize() > 0 ? job.chunkSize() : defaultChunkSize(items == null ? 1 : items.size());
        CpuRun run = new CpuRun(job, attempt, items, chunkSize);
        runs.put(job.id(), run);
        return run;
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
        fill(worker, 1);
    }

    /** Keeps up to {@code frames-in-flight} requests of the worker's job queued at it. */
    void fill(WorkerProcess worker) {
        fill(worker, properties.framesInFlight());
    }

    private void fill(WorkerProcess worker, int frames) {
        CpuRun run = worker.run;
        while (worker.inFlight < frames && run.hasPending()) {
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
