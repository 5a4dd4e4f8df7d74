package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameType;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings idle workers every {@code ping-interval} (and lets one that was not yet told warm its JSON mapper,
 * {@link WorkerProcess#warmUp}); one that has not answered within {@code ping-timeout} (frozen,
 * stopped, its reader stuck) is killed, and the pool replaces it. A busy worker is left alone: its job's timeout
 * covers it, and a long GC pause inside a job is no reason to kill it. Event loop only.
 */
final class Liveness {

    private static final Logger log = LoggerFactory.getLogger(Liveness.class);

    private final WorkerSlots slots;
    private final CpuPoolProperties properties;

    Liveness(WorkerSlots slots, CpuPoolProperties properties) {
        this.slots = slots;
        this.properties = properties;
    }

    /** Runs every {@code ping-interval}. */
    void tick() {
        long now = System.nanoTime();
        for (int slot = 0; slot < slots.count(); slot++) {
            WorkerProcess worker = slots.inSlot(slot);
            if (worker == null || worker.state() == WorkerProcess.State.STOPPING) {
                continue;
            }
            if (worker.run != null || worker.state() != WorkerProcess.State.IDLE) {
                worker.pingSentAt = 0; // busy: whatever it owes is forgiven
            } else if (worker.pingSentAt == 0) {
                worker.warmUp();
                ping(worker, now);
            } else if (now - worker.pingSentAt > properties.pingTimeout().toNanos()) {
                log.warn("{} did not answer PING within {} ms while idle; killing it", worker,
                        properties.pingTimeout().toMillis());
                worker.stopReason = "unresponsive";
                worker.kill();
            }
        }
    }

    private static void ping(WorkerProcess worker, long now) {
        worker.pingSentAt = now;
        try {
            worker.send(Frame.of(FrameType.PING, 0));
        } catch (IOException e) {
            // the worker is going; its reader reports it gone
            log.debug("{}: sending PING failed: {}", worker, e.toString());
        }
    }
}
