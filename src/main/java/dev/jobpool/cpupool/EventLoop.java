package dev.jobpool.cpupool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one platform thread that owns all of the CPU pool's state: which worker runs what, what is in flight.
 * Reader threads, spawners, timers and the scheduler only post events to it, so that state needs no lock.
 */
final class EventLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Runnable afterEach;
    private volatile Thread thread;

    /** @param afterEach runs after every event, on the loop: publishes what changed */
    EventLoop(Runnable afterEach) {
        this.afterEach = afterEach;
    }

    void start() {
        thread = Thread.ofPlatform().name("jobpool-cpu-pool").start(this::run);
    }

    /** From any thread: runs the event on the loop, after those posted before it. */
    void post(Runnable event) {
        events.add(event);
    }

    /** Runs a task on the loop and waits for its answer; never call it from the loop itself. */
    <T> T call(Supplier<T> task) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        post(() -> answer.complete(task.get()));
        return answer.join();
    }

    void stop() {
        thread.interrupt();
        thread = null;
    }

    boolean isRunning() {
        return thread != null;
    }

    private void run() {
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
            afterEach.run();
        }
    }
}
