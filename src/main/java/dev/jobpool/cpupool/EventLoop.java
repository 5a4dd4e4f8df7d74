package dev.jobpool.cpupool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns all of the CPU pool's state (which worker runs what, what is in flight) by running its events one at a
 * time, in the order they were posted, so that state needs no lock of its own.
 *
 * <p>Events run on the pool's thread, or, for {@link #runHere}, on the caller's thread when no other event is
 * running: a worker's reader thread handles the worker's RESULT itself instead of waking the pool's thread for
 * it, which on a busy machine saved a thread hand-off (tens of microseconds) on every job. Either way one event
 * runs at a time, in order, and each sees what the ones before it did.
 */
final class EventLoop {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    /** Held by whichever thread runs events; not reentrant, so an event that posts one never runs it inside itself. */
    private final AtomicBoolean running = new AtomicBoolean();
    private final Runnable afterEach;
    private volatile Thread thread;

    /** @param afterEach runs after every event, on the thread that ran it: publishes what changed */
    EventLoop(Runnable afterEach) {
        this.afterEach = afterEach;
    }

    void start() {
        Thread loop = Thread.ofPlatform().name("jobpool-cpu-pool").unstarted(this::run);
        thread = loop; // before it runs: the loop runs while this field names a thread
        loop.start();
    }

    /** From any thread: the event runs on the pool's thread, after those posted before it. */
    void post(Runnable event) {
        events.add(event);
        Thread loop = thread;
        if (loop != null) {
            LockSupport.unpark(loop);
        }
    }

    /**
     * From a thread with nothing better to do (a worker's reader): runs the event, and any others queued, on this
     * thread if no other thread is running events, else leaves it to the one that is.
     */
    void runHere(Runnable event) {
        events.add(event);
        if (thread != null) {
            drain();
        }
    }

    /** Runs a task on the loop and waits for its answer; never call it from an event. */
    <T> T call(Supplier<T> task) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        post(() -> answer.complete(task.get()));
        return answer.join();
    }

    /** Events posted from now on are not run. */
    void stop() {
        Thread loop = thread;
        thread = null;
        if (loop != null) {
            loop.interrupt();
        }
    }

    boolean isRunning() {
        return thread != null;
    }

    private void run() {
        while (thread != null) {
            drain();
            // the queue is empty, or another thread runs events and drains it before it lets go; post() unparks
            LockSupport.park(this);
        }
    }

    /**
     * Runs queued events while this thread may: whoever finds events queued and the loop free runs them, so an
     * event queued while another thread ran the last one is never left behind.
     */
    private void drain() {
        while (!events.isEmpty() && running.compareAndSet(false, true)) {
            try {
                Runnable event;
                while (thread != null && (event = events.poll()) != null) {
                    try {
                        event.run();
                    } catch (RuntimeException e) {
                        log.error("CPU pool event failed", e);
                    }
                    afterEach.run();
                }
            } finally {
                running.set(false);
            }
            if (thread == null) {
                return;
            }
        }
    }
}
