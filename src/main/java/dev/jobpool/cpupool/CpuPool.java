package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.job.JobExecutor;
import dev.jobpool.job.JobId;
import dev.jobpool.job.JobScheduler;
import dev.jobpool.job.JobStore;
import dev.jobpool.job.JobTimers;
import dev.jobpool.job.JobsProperties;
import dev.jobpool.job.WorkerView;
import dev.jobpool.jobtype.Pool;
import dev.jobpool.jobtype.registry.JobJson;
import dev.jobpool.plugin.Plugins;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs CPU-bound jobs on worker JVMs, one job at a time per worker, so a crash, a timeout or a kill always
 * belongs to exactly one job. This is the pool's face to the scheduler and its lifecycle; the work is done by
 * parts that share one thread, the {@link EventLoop}, so none of them needs a lock:
 * <ul>
 * <li>{@link WorkerSlots}: the workers by slot, started, replaced and recycled;</li>
 * <li>{@link Dispatcher}: jobs and map chunks to free workers, and the end of each run;</li>
 * <li>{@link FrameHandler}: what a worker's frames do;</li>
 * <li>{@link WorkerExits}: what a worker's exit means for its job and its slot;</li>
 * <li>{@link Liveness}: idle workers that stop answering PING are replaced.</li>
 * </ul>
 */
@Component
public final class CpuPool implements JobExecutor, SmartLifecycle, WorkerProcess.Listener {

    private static final Logger log = LoggerFactory.getLogger(CpuPool.class);

    private final JobStore store;
    private final JobTimers timers;
    private final CpuPoolProperties properties;
    private final Duration shutdownGrace;
    private final List<Path> pluginJars;
    private final int workerCount;
    private final AtomicBoolean dispatchPosted = new AtomicBoolean();

    private final EventLoop loop;
    private final WorkerSlots slots;
    private final Dispatcher dispatcher;
    private final FrameHandler frames;
    private final WorkerExits exits;
    private final Liveness liveness;

    private volatile WorkerLauncher launcher;
    private volatile ScheduledFuture<?> pings;

    public CpuPool(JobScheduler scheduler, JobStore store, JobTimers timers, CpuPoolProperties properties,
            JobsProperties jobs, MeterRegistry meters, Plugins plugins) {
        this.pluginJars = plugins.jars();
        this.store = store;
        this.timers = timers;
        this.properties = properties;
        this.shutdownGrace = jobs.shutdownGrace();
        this.workerCount = properties.workerCount();
        this.loop = new EventLoop(this::afterEvent);
        this.slots = new WorkerSlots(properties, loop, timers, meters, this, this::dispatch);
        this.dispatcher = new Dispatcher(scheduler, timers, properties, loop, slots);
        this.frames = new FrameHandler(dispatcher, slots, properties);
        this.exits = new WorkerExits(dispatcher, slots, properties);
        this.liveness = new Liveness(slots, properties);
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
        return slots.busy();
    }

    @Override
    public int queueCapacity() {
        return properties.queueCapacity();
    }

    @Override
    public void workAvailable() {
        if (dispatchPosted.compareAndSet(false, true)) {
            loop.post(() -> {
                dispatchPosted.set(false);
                dispatch();
            });
        }
    }

    @Override
    public void stop(JobId id) {
        loop.post(() -> dispatcher.stop(id));
    }

    @Override
    public List<WorkerView> workers() {
        return slots.views();
    }

    /** The socket workers connect to; tests knock on it with a wrong token. */
    Path socketPath() {
        return launcher.socketPath();
    }

    /** Workers that said HELLO and are not being stopped. */
    public int readyWorkers() {
        return (int) slots.views().stream().filter(view -> !view.state().equals("stopping")).count();
    }

    // --- on the event loop

    private void afterEvent() {
        slots.updateViews();
    }

    private void dispatch() {
        dispatcher.dispatch();
    }

    // --- WorkerProcess.Listener: called on a worker's reader thread, which runs the frame itself if the loop is free

    @Override
    public void received(WorkerProcess worker, Frame frame) {
        loop.runHere(() -> frames.onFrame(worker, frame));
    }

    @Override
    public void gone(WorkerProcess worker, IOException cause) {
        loop.post(() -> exits.onGone(worker, cause));
    }

    // --- lifecycle: warm at start (the service is ready only then); on shutdown drain, then SHUTDOWN every worker

    @Override
    public void start() {
        try {
            launcher = new WorkerLauncher(properties, pluginJars);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the worker socket", e);
        }
        loop.start();
        log.info("starting {} worker JVMs: {}", workerCount, launcher.describeCommand());
        slots.open(launcher);
        try {
            slots.awaitWarm(properties.spawnTimeout().plusSeconds(5));
        } catch (Exception e) {
            throw new IllegalStateException("the CPU pool's " + workerCount + " workers did not all start within "
                    + properties.spawnTimeout() + "; see the log for each worker's error", e);
        }
        log.info("CPU pool warm: {} workers", workerCount);
        launcher.trainAotCache();
        pings = timers.every(properties.pingInterval(), () -> loop.post(liveness::tick));
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
        slots.close();
        if (pings != null) {
            pings.cancel(false);
        }
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        while (slots.busy() > 0 && System.nanoTime() < deadline) {
            sleepQuietly(50);
        }
        int unfinished = slots.busy();
        List<WorkerProcess> workers = loop.call(slots::stopAll);
        long exitDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (WorkerProcess worker : workers) {
            while (worker.isAlive() && System.nanoTime() < exitDeadline) {
                sleepQuietly(10);
            }
            if (worker.isAlive()) {
                worker.kill();
            }
        }
        loop.stop();
        try {
            launcher.close();
        } catch (IOException e) {
            log.debug("closing the worker socket", e);
        }
        log.info("CPU pool stopped: {} workers shut down; {} running jobs did not finish within {}; {} queued jobs are "
                + "dropped (the in-memory store does not keep them)", workers.size(), unfinished, JobJson.formatDuration(shutdownGrace),
                store.countQueued(Pool.CPU));
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
        return loop.isRunning();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
