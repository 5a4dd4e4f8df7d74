package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameType;
import dev.jobpool.job.JobTimers;
import dev.jobpool.job.WorkerView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's worker JVMs, one per slot: starts them (at boot, as stand-ins for the dead, as successors of the
 * retiring), swaps a successor in when its predecessor retires, and publishes the workers' views. Recycling
 * happens here, between jobs: after {@code max-jobs-per-worker} jobs, or when a worker's heap stays above
 * {@code worker-heap-recycle}, a successor starts and takes over once ready.
 *
 * <p>Everything but the views runs on the pool's event loop.
 */
final class WorkerSlots {

    private static final Logger log = LoggerFactory.getLogger(WorkerSlots.class);
    private static final Duration RESPAWN_DELAY = Duration.ofSeconds(1);

    private final CpuPoolProperties properties;
    private final EventLoop loop;
    private final JobTimers timers;
    private final MeterRegistry meters;
    private final Timer spawnTimer;
    private final WorkerProcess.Listener listener;
    private final Runnable workerReady;
    private final CompletableFuture<Void> warm = new CompletableFuture<>();

    // owned by the event loop
    private final WorkerProcess[] slots;
    private final WorkerProcess[] successors;
    private final boolean[] successorPending;
    private final int[] restarts;

    private volatile WorkerLauncher launcher;
    private volatile boolean open;
    private volatile List<WorkerView> views = List.of();
    private volatile int busy;

    /**
     * @param listener hears every worker's frames and its end
     * @param workerReady runs on the loop when a worker joins a slot and may take work
     */
    WorkerSlots(CpuPoolProperties properties, EventLoop loop, JobTimers timers, MeterRegistry meters,
            WorkerProcess.Listener listener, Runnable workerReady) {
        this.properties = properties;
        this.loop = loop;
        this.timers = timers;
        this.meters = meters;
        this.listener = listener;
        this.workerReady = workerReady;
        int count = properties.workerCount();
        this.slots = new WorkerProcess[count];
        this.successors = new WorkerProcess[count];
        this.successorPending = new boolean[count];
        this.restarts = new int[count];
        this.spawnTimer = Timer.builder("jobpool.workers.spawn").description("From starting a worker JVM to its HELLO")
                .publishPercentileHistogram().register(meters);
    }

    /** From now on workers take work and the dead are replaced; then starts one worker per slot. */
    void open(WorkerLauncher launcher) {
        this.launcher = launcher;
        this.open = true;
        loop.post(() -> {
            for (int slot = 0; slot < slots.length; slot++) {
                spawn(slot, false);
            }
        });
    }

    /** Waits until every slot has a worker that said HELLO. */
    void awaitWarm(Duration timeout) throws Exception {
        warm.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No more work and no more replacements: the pool shuts down. */
    void close() {
        open = false;
    }

    boolean isOpen() {
        return open;
    }

    int count() {
        return slots.length;
    }

    /** The worker serving a slot, or null while it has none. */
    WorkerProcess inSlot(int slot) {
        return slots[slot];
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
                WorkerProcess worker = launcher.launch(slot, generation, listener);
                spawnTimer.record(worker.spawnNanos(), TimeUnit.NANOSECONDS);
                log.debug("{} said HELLO {} ms after start", worker, worker.spawnNanos() / 1_000_000);
                loop.post(() -> onSpawned(worker));
            } catch (IOException | RuntimeException e) {
                log.error("starting worker {} failed; trying again in {}", slot, RESPAWN_DELAY, e);
                timers.schedule(RESPAWN_DELAY, () -> loop.post(() -> {
                    if (open || !warm.isDone()) {
                        spawn(slot, false);
                    }
                }));
            }
        });
    }

    private void onSpawned(WorkerProcess worker) {
        int slot = worker.slot();
        if (!open && warm.isDone()) {
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
        if (!warm.isDone() && Arrays.stream(slots).allMatch(Objects::nonNull)) {
            warm.complete(null);
            Arrays.stream(slots).forEach(WorkerProcess::warmUp); // not sooner: the first up would slow the others' start
        }
        workerReady.run();
    }

    // --- recycling and replacing

    /** Called when a worker finished a job (or said HEAP while idle): it retires if it is due. */
    void recycleIfDue(WorkerProcess worker) {
        int slot = worker.slot();
        if (slots[slot] != worker || worker.state() == WorkerProcess.State.STOPPING) {
            return;
        }
        if (successors[slot] != null) {
            retire(worker);
            slots[slot] = successors[slot];
            successors[slot] = null;
        } else if (isDue(worker) && !successorPending[slot]) {
            // the successor starts first; this worker keeps working until it is ready
            successorPending[slot] = true;
            spawn(slot, true);
        }
    }

    private boolean isDue(WorkerProcess worker) {
        return worker.heapOverLimit
                || properties.maxJobsPerWorker() > 0 && worker.jobsRun() >= properties.maxJobsPerWorker();
    }

    private void retire(WorkerProcess worker) {
        if (worker.heapOverLimit) {
            log.info("{} retires: its heap stays above jobpool.cpu.worker-heap-recycle={}MB; its successor takes over",
                    worker, properties.heapRecycleBytes() >> 20);
            restartCounter("heap").increment();
        } else {
            log.info("{} retires after {} jobs; its successor takes over", worker, worker.jobsRun());
            restartCounter("recycled").increment();
        }
        stopQuietly(worker, "recycled");
    }

    /**
     * A worker left: a successor takes its slot, or a stand-in starts. A retired or spare worker's slot is
     * already served.
     *
     * @param why the restart reason, as counted
     * @param exit how the process ended, for the log
     */
    void replace(WorkerProcess worker, String why, String exit) {
        int slot = worker.slot();
        if (slots[slot] != worker) {
            return;
        }
        slots[slot] = null;
        if (!"recycled".equals(why)) {
            restartCounter(why).increment();
        }
        if (!open) {
            return;
        }
        log.info("{} is gone ({}, {}); starting a replacement", worker, why, exit);
        if (successors[slot] != null) {
            slots[slot] = successors[slot];
            successors[slot] = null;
            workerReady.run();
        } else {
            spawn(slot, true);
        }
    }

    private Counter restartCounter(String reason) {
        return Counter.builder("jobpool.workers.restarts").description("Worker JVMs replaced, by reason")
                .tag("reason", reason).register(meters);
    }

    // --- stopping

    /** Asks a worker to leave with SHUTDOWN; kills it if even that cannot be sent. */
    private static void stopQuietly(WorkerProcess worker, String reason) {
        worker.state(WorkerProcess.State.STOPPING);
        worker.stopReason = reason;
        try {
            worker.send(Frame.of(FrameType.SHUTDOWN, 0));
        } catch (IOException e) {
            worker.kill();
        }
    }

    /** Sends every worker, successors included, SHUTDOWN; returns them all. */
    List<WorkerProcess> stopAll() {
        List<WorkerProcess> all = new ArrayList<>();
        for (WorkerProcess[] group : List.of(slots, successors)) {
            for (WorkerProcess worker : group) {
                if (worker != null) {
                    stopQuietly(worker, "shutdown");
                    all.add(worker);
                }
            }
        }
        return all;
    }

    // --- what the pool looks like, for any thread

    void updateViews() {
        List<WorkerView> list = new ArrayList<>(slots.length);
        int busyNow = 0;
        for (int slot = 0; slot < slots.length; slot++) {
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

    List<WorkerView> views() {
        return views;
    }

    int busy() {
        return busy;
    }
}
