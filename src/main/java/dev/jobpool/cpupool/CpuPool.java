package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.cpupool.protocol.Messages;
import dev.jobpool.cpupool.protocol.ProtocolException;
import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.Job;
import dev.jobpool.job.JobError;
import dev.jobpool.job.JobExecutor;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.JobTimers;
import dev.jobpool.job.JobsProperties;
import dev.jobpool.job.StoreUnavailableException;
import dev.jobpool.job.WorkerView;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.plugin.Plugins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Runs CPU-bound jobs on worker JVMs, one job at a time per worker, so a crash, a timeout or a kill always
 * belongs to exactly one job.
 *
 * <p>One platform thread, the event loop, owns all pool state: which worker runs what, what is in flight.
 * Reader threads, timers and the scheduler only post events to it, so nothing here needs a lock. A worker
 * that is free asks the scheduler for a job (the store is the queue); a map job spreads its chunks over
 * every free worker and keeps {@code frames-in-flight} frames queued at each.
 */
@Component
public final class CpuPool implements JobExecutor, SmartLifecycle, WorkerProcess.Listener {

    private static final Logger log = LoggerFactory.getLogger(CpuPool.class);
    /** {@code -XX:+ExitOnOutOfMemoryError} ends the JVM with this code. */
    private static final int OOM_EXIT_CODE = 3;
    private static final Duration RESPAWN_DELAY = Duration.ofSeconds(1);

    private final JobScheduler scheduler;
    private final JobStore store;
    private final JobTimers timers;
    private final CpuPoolProperties properties;
    private final Duration shutdownGrace;
    private final MeterRegistry meters;
    private final Timer spawnTimer;
    private final int workerCount;

    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean dispatchPosted = new AtomicBoolean();
    private final CompletableFuture<Void> warm = new CompletableFuture<>();

    // owned by the event loop
    private final WorkerProcess[] slots;
    private final WorkerProcess[] successors;
    private final boolean[] successorPending;
    private final int[] restarts;
    private final Map<JobId, CpuRun> runs = new HashMap<>();
    private long nextRequestId;

    private volatile WorkerLauncher launcher;
    private volatile Thread loop;
    private volatile boolean accepting;
    private volatile List<WorkerView> views = List.of();
    private volatile int busy;

    private final List<Path> pluginJars;

    public CpuPool(JobScheduler scheduler, JobStore store, JobTimers timers, CpuPoolProperties properties,
            JobsProperties jobs, MeterRegistry meters, Plugins plugins) {
        this.pluginJars = plugins.jars();
        this.scheduler = scheduler;
        this.store = store;
        this.timers = timers;
        this.properties = properties;
        this.shutdownGrace = jobs.shutdownGrace();
        this.meters = meters;
        this.workerCount = properties.workerCount();
        this.slots = new WorkerProcess[workerCount];
        this.successors = new WorkerProcess[workerCount];
        this.successorPending = new boolean[workerCount];
        this.restarts = new int[workerCount];
        this.spawnTimer = Timer.builder("jobpool.workers.spawn").description("From starting a worker JVM to its HELLO")
                .publishPercentileHistogram().register(meters);
        scheduler.register(this);
    }

    // --- JobExecutor: called from any thread

    @Override
    public Pool pool() {
        return Pool.CPU;
    }

    @Override
    public int capacity() {
        return workerCount;
    }

    @Override
    public int busy() {
        return busy;
    }

    @Override
    public int queueCapacity() {
        return properties.queueCapacity();
    }

    @Override
    public void workAvailable() {
        if (dispatchPosted.compareAndSet(false, true)) {
            post(() -> {
                dispatchPosted.set(false);
                dispatch();
            });
        }
    }

    @Override
    public void stop(JobId id) {
        post(() -> {
            CpuRun run = runs.get(id);
            if (run != null) {
                endRun(run);
            }
        });
    }

    @Override
    public List<WorkerView> workers() {
        return views;
    }

    /** The socket workers connect to; tests knock on it with a wrong token. */
    Path socketPath() {
        return launcher.socketPath();
    }

    /** Workers that said HELLO and are not being stopped. */
    public int readyWorkers() {
        return (int) views.stream().filter(view -> !view.state().equals("stopping")).count();
    }

    // --- WorkerProcess.Listener: called on a worker's reader thread

    @Override
    public void received(WorkerProcess worker, Frame frame) {
        post(() -> onFrame(worker, frame));
    }

    @Override
    public void gone(WorkerProcess worker, IOException cause) {
        post(() -> onGone(worker, cause));
    }

    // --- the event loop

    private void post(Runnable event) {
        events.add(event);
    }

    private void runLoop() {
        while (true) {
            Runnable event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                event.run();
            } catch (RuntimeException e) {
                log.error("CPU pool event failed", e);
            }
            updateViews();
        }
    }

    /** Gives every free worker work: first pending chunks of running map jobs, then new jobs from the queue. */
    private void dispatch() {
        if (!accepting) {
            return;
        }
        for (WorkerProcess worker : slots) {
            if (worker == null || worker.run != null || worker.state() != WorkerProcess.State.IDLE) {
                continue;
            }
            CpuRun run = runs.values().stream().filter(CpuRun::hasPending).findFirst().orElse(null);
            while (run == null) {
                List<Job> claimed;
                try {
                    claimed = scheduler.claim(Pool.CPU, 1);
                } catch (StoreUnavailableException e) {
                    log.warn("CPU pool could not claim jobs: {}; the scheduler's heartbeat wakes it again", e.getMessage());
                    return;
                }
                if (claimed.isEmpty()) {
                    return;
                }
                run = begin(claimed.getFirst());
            }
            assign(worker, run);
        }
    }

    private CpuRun begin(Job job) {
        int attempt = job.attempts();
        List<JsonNode> items = job.items();
        if (!job.isRunning(attempt)) {
            return null; // cancelled a moment after the claim
        }
        int chunkSize = job.chunkSize() > 0 ? job.chunkSize() : defaultChunkSize(items == null ? 1 : items.size());
        CpuRun run = new CpuRun(job, attempt, items, chunkSize);
        run.timeout = timers.schedule(job.timeout(), () -> scheduler.timedOut(job, attempt));
        runs.put(job.id(), run);
        return run;
    }

    /** Like Python's Pool.map: about four chunks per worker, capped so a frame stays small. */
    private int defaultChunkSize(int items) {
        int chunk = (int) Math.ceil(items / (4.0 * workerCount));
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
    private void fill(WorkerProcess worker) {
        CpuRun run = worker.run;
        while (worker.inFlight < properties.framesInFlight() && run.hasPending()) {
            long requestId = ++nextRequestId;
            Messages.Execute execute;
            CpuRun.Chunk chunk;
            if (run.isMap()) {
                int from = run.nextItem;
                int to = Math.min(run.items.size(), from + run.chunkSize);
                run.nextItem = to;
                execute = new Messages.Execute(run.job.id().toString(), run.attempt, run.job.type(), null,
                        run.items.subList(from, to));
                chunk = new CpuRun.Chunk(requestId, worker, from, to);
            } else {
                run.singleSent = true;
                execute = new Messages.Execute(run.job.id().toString(), run.attempt, run.job.type(), run.job.input(), null);
                chunk = new CpuRun.Chunk(requestId, worker, 0, 1);
            }
            run.inFlight.put(requestId, chunk);
            worker.inFlight++;
            try {
                worker.send(new Frame(FrameType.EXECUTE, requestId, JobJson.MAPPER.writeValueAsBytes(execute)));
            } catch (IOException e) {
                // the worker is going; its reader reports it gone and the job fails or retries there
                log.debug("{}: sending EXECUTE failed: {}", worker, e.toString());
                return;
            }
        }
    }

    private void onFrame(WorkerProcess worker, Frame frame) {
        switch (frame.type()) {
            case RESULT -> onResult(worker, frame);
            case FAILURE -> onFailure(worker, frame);
            case PONG, BYE, PROGRESS -> {
                // liveness and goodbyes need no action
            }
            default -> {
                log.error("{} sent an unexpected {} frame; killing it", worker, frame.type());
                worker.stopReason = "protocol_error";
                worker.kill();
            }
        }
    }

    private void onResult(WorkerProcess worker, Frame frame) {
        CpuRun run = worker.run;
        CpuRun.Chunk chunk = run == null ? null : run.inFlight.remove(frame.requestId());
        if (chunk == null) {
            return; // a late answer for a job that already ended
        }
        worker.inFlight--;
        if (!run.ended) {
            Messages.Result result = JobJson.MAPPER.readValue(frame.payload(), Messages.Result.class);
            if (run.isMap()) {
                List<JsonNode> outputs = result.outputs();
                int expected = chunk.to() - chunk.from();
                if (outputs == null || outputs.size() != expected) {
                    log.error("{} answered {} outputs for a chunk of {}; killing it", worker,
                            outputs == null ? 0 : outputs.size(), expected);
                    worker.stopReason = "protocol_error";
                    worker.kill();
                    return;
                }
                for (int i = 0; i < expected; i++) {
                    run.outputs[chunk.from() + i] = outputs.get(i);
                }
                run.itemsLeft -= expected;
                run.job.itemsDone(expected);
            } else {
                run.itemsLeft = 0;
                run.job.itemDone();
            }
            if (run.itemsLeft == 0) {
                JsonNode output = run.isMap() ? arrayOf(run.outputs) : result.output();
                endRun(run);
                scheduler.succeeded(run.job, run.attempt, output);
            } else {
                fill(worker);
            }
        }
        releaseIfDone(worker);
    }

    private static ArrayNode arrayOf(JsonNode[] outputs) {
        ArrayNode array = JobJson.MAPPER.createArrayNode();
        for (JsonNode output : outputs) {
            array.add(output);
        }
        return array;
    }

    private void onFailure(WorkerProcess worker, Frame frame) {
        CpuRun run = worker.run;
        CpuRun.Chunk chunk = run == null ? null : run.inFlight.remove(frame.requestId());
        if (chunk == null) {
            return;
        }
        worker.inFlight--;
        if (!run.ended) {
            Messages.Failure failure = JobJson.MAPPER.readValue(frame.payload(), Messages.Failure.class);
            String where = run.isMap() && failure.item() >= 0 ? "items[" + (chunk.from() + failure.item()) + "]: " : "";
            ErrorCode code = errorCode(failure.code());
            endRun(run);
            scheduler.failed(run.job, run.attempt, new JobError(code, where + failure.message()), failure.retryable());
        }
        releaseIfDone(worker);
    }

    private static ErrorCode errorCode(String name) {
        try {
            ErrorCode code = ErrorCode.valueOf(name);
            // a worker reports CANCELLED only when told to; if the job still runs, its handler gave up on its own
            return code == ErrorCode.CANCELLED ? ErrorCode.HANDLER_ERROR : code;
        } catch (IllegalArgumentException | NullPointerException e) {
            return ErrorCode.HANDLER_ERROR;
        }
    }

    /**
     * Ends a run for good: no more frames go out for it; workers still busy with it get CANCEL, and those that
     * have not stopped after the grace are killed.
     */
    private void endRun(CpuRun run) {
        if (run.ended) {
            return;
        }
        run.ended = true;
        runs.remove(run.job.id());
        run.timeout.cancel(false);
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
        timers.schedule(properties.cancelGrace(), () -> post(() -> {
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

    /** A worker whose job needs nothing more from it becomes free; recycling happens here, between jobs. */
    private void releaseIfDone(WorkerProcess worker) {
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
        recycleIfDue(worker);
        dispatch();
    }

    private void recycleIfDue(WorkerProcess worker) {
        int slot = worker.slot();
        if (slots[slot] != worker || worker.state() == WorkerProcess.State.STOPPING) {
            return;
        }
        if (successors[slot] != null) {
            retire(worker);
            slots[slot] = successors[slot];
            successors[slot] = null;
        } else if (properties.maxJobsPerWorker() > 0 && worker.jobsRun() >= properties.maxJobsPerWorker()
                && !successorPending[slot]) {
            // the successor starts first; this worker keeps working until it is ready
            successorPending[slot] = true;
            spawn(slot, true);
        }
    }

    private void retire(WorkerProcess worker) {
        log.info("{} retires after {} jobs; its successor takes over", worker, worker.jobsRun());
        restartCounter("recycled").increment();
        stopQuietly(worker, "recycled");
    }

    private void onGone(WorkerProcess worker, IOException cause) {
        if (worker.isAlive()) {
            worker.kill(); // a broken channel or a corrupt frame: the process is not trusted any more
        }
        Integer exit = worker.exitCode();
        worker.closeChannel();
        String reason = worker.stopReason;
        if (cause instanceof ProtocolException) {
            reason = "protocol_error";
            log.error("{} sent a corrupt frame ({}); it was killed", worker, cause.getMessage());
        }
        CpuRun run = worker.run;
        if (run != null) {
            run.inFlight.values().removeIf(chunk -> chunk.worker() == worker);
            run.workers.remove(worker);
            worker.run = null;
            if (!run.ended) {
                JobError error = crashError(worker, exit, cause, run);
                if (reason == null) {
                    reason = error.code() == ErrorCode.OUT_OF_MEMORY ? "out_of_memory" : "crashed";
                }
                endRun(run);
                scheduler.failed(run.job, run.attempt, error, error.code() == ErrorCode.WORKER_CRASHED
                        && !(cause instanceof ProtocolException));
            }
        }
        int slot = worker.slot();
        if (slots[slot] != worker) {
            return; // a retired or spare worker left; its slot is already served
        }
        slots[slot] = null;
        String why = reason == null ? "crashed" : reason;
        if (!"recycled".equals(why)) {
            restartCounter(why).increment();
        }
        if (!accepting) {
            return;
        }
        log.info("{} is gone ({}, {}); starting a replacement", worker, why, describeExit(exit));
        if (successors[slot] != null) {
            slots[slot] = successors[slot];
            successors[slot] = null;
            dispatch();
        } else {
            spawn(slot, true);
        }
    }

    private JobError crashError(WorkerProcess worker, Integer exit, IOException cause, CpuRun run) {
        if (exit != null && exit == OOM_EXIT_CODE) {
            return new JobError(ErrorCode.OUT_OF_MEMORY, "the job ran " + worker + " out of heap (jobpool.cpu.worker-heap="
                    + properties.workerHeap().toMegabytes() + "MB); give it less data or the workers more heap");
        }
        String how = cause instanceof ProtocolException ? "sent a corrupt frame (" + cause.getMessage() + ") and was killed"
                : describeExit(exit);
        return new JobError(ErrorCode.WORKER_CRASHED, worker + " " + how + " while running job " + run.job.id());
    }

    private static String describeExit(Integer exit) {
        if (exit == null) {
            return "did not exit";
        }
        if (exit > 128) {
            int signal = exit - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 11 -> " (SIGSEGV)";
                case 6 -> " (SIGABRT)";
                default -> "";
            };
            return "was killed by signal " + signal + name;
        }
        return "exited with code " + exit;
    }

    private Counter restartCounter(String reason) {
        return Counter.builder("jobpool.workers.restarts").description("Worker JVMs replaced, by reason")
                .tag("reason", reason).register(meters);
    }

    // --- starting workers

    /** Starts a worker for a slot: the first one, or (replacement) a successor or stand-in. */
    private void spawn(int slot, boolean replacement) {
        if (replacement) {
            restarts[slot]++;
        }
        int generation = restarts[slot];
        Thread.ofVirtual().name("jobpool-spawn-" + slot).start(() -> {
            try {
                WorkerProcess worker = launcher.launch(slot, generation, this);
                spawnTimer.record(worker.spawnNanos(), TimeUnit.NANOSECONDS);
                log.debug("{} said HELLO {} ms after start", worker, worker.spawnNanos() / 1_000_000);
                post(() -> onSpawned(worker));
            } catch (IOException | RuntimeException e) {
                log.error("starting worker {} failed; trying again in {}", slot, RESPAWN_DELAY, e);
                timers.schedule(RESPAWN_DELAY, () -> post(() -> {
                    if (accepting || !warm.isDone()) {
                        spawn(slot, false);
                    }
                }));
            }
        });
    }

    private void onSpawned(WorkerProcess worker) {
        int slot = worker.slot();
        if (!accepting && warm.isDone()) {
            stopQuietly(worker, "shutdown");
            return;
        }
        if (slots[slot] == null) {
            slots[slot] = worker;
        } else {
            successorPending[slot] = false;
            WorkerProcess current = slots[slot];
            if (current.run == null) {
                retire(current);
                slots[slot] = worker;
            } else {
                successors[slot] = worker;
            }
        }
        if (!warm.isDone() && java.util.Arrays.stream(slots).allMatch(java.util.Objects::nonNull)) {
            warm.complete(null);
        }
        dispatch();
    }

    /** Asks a worker to leave with SHUTDOWN; kills it if even that cannot be sent. */
    private void stopQuietly(WorkerProcess worker, String reason) {
        worker.state(WorkerProcess.State.STOPPING);
        worker.stopReason = reason;
        try {
            worker.send(Frame.of(FrameType.SHUTDOWN, 0));
        } catch (IOException e) {
            worker.kill();
        }
    }

    private void updateViews() {
        List<WorkerView> list = new ArrayList<>(workerCount);
        int busyNow = 0;
        for (int slot = 0; slot < workerCount; slot++) {
            WorkerProcess worker = slots[slot];
            if (worker == null) {
                continue;
            }
            if (worker.state() == WorkerProcess.State.BUSY) {
                busyNow++;
            }
            list.add(new WorkerView(slot, worker.pid(), worker.state().name().toLowerCase(Locale.ROOT), worker.jobsRun(),
                    worker.uptime(), worker.restarts(), worker.jobId()));
        }
        views = List.copyOf(list);
        busy = busyNow;
    }

    // --- lifecycle: warm at start (the service is ready only then); on shutdown drain, then SHUTDOWN every worker

    @Override
    public void start() {
        try {
            launcher = new WorkerLauncher(properties, pluginJars);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the worker socket", e);
        }
        accepting = true;
        loop = Thread.ofPlatform().name("jobpool-cpu-pool").start(this::runLoop);
        log.info("starting {} worker JVMs: {}", workerCount, launcher.describeCommand());
        post(() -> {
            for (int slot = 0; slot < workerCount; slot++) {
                spawn(slot, false);
            }
        });
        try {
            warm.get(properties.spawnTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the CPU pool's " + workerCount + " workers did not all start within "
                    + properties.spawnTimeout() + "; see the log for each worker's error", e);
        }
        log.info("CPU pool warm: {} workers", workerCount);
    }

    /**
     * Drains on a thread of its own and says when done, so the I/O pool drains at the same time: both together
     * take one {@code shutdown-grace}, not one each.
     */
    @Override
    public void stop(Runnable callback) {
        Thread.ofPlatform().name("jobpool-cpu-shutdown").start(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public void stop() {
        accepting = false;
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        while (busy > 0 && System.nanoTime() < deadline) {
            sleepQuietly(50);
        }
        int unfinished = busy;
        CompletableFuture<List<WorkerProcess>> stopping = new CompletableFuture<>();
        post(() -> {
            List<WorkerProcess> all = new ArrayList<>();
            for (WorkerProcess[] group : List.of(slots, successors)) {
                for (WorkerProcess worker : group) {
                    if (worker != null) {
                        stopQuietly(worker, "shutdown");
                        all.add(worker);
                    }
                }
            }
            stopping.complete(all);
        });
        List<WorkerProcess> workers = stopping.join();
        long exitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (WorkerProcess worker : workers) {
            while (worker.isAlive() && System.nanoTime() < exitDeadline) {
                sleepQuietly(10);
            }
            if (worker.isAlive()) {
                worker.kill();
            }
        }
        loop.interrupt();
        try {
            launcher.close();
        } catch (IOException e) {
            log.debug("closing the worker socket", e);
        }
        log.info("CPU pool stopped: {} workers shut down; {} running jobs did not finish within {}; {} queued jobs are "
                + "dropped (the in-memory store does not keep them)", workers.size(), unfinished, JobJson.formatDuration(shutdownGrace),
                store.countQueued(Pool.CPU));
        loop = null;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
