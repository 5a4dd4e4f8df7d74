package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.Frame;
import dev.jobpool.cpupool.protocol.FrameCodec;
import dev.jobpool.cpupool.protocol.FrameType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's side of one worker JVM: its process, its channel, and a platform thread that reads its
 * frames. What the worker prints on stdout and stderr is drained into the service log, tagged with the
 * worker and the job it runs. Everything but sending happens on the pool's event thread.
 */
final class WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final Logger output = LoggerFactory.getLogger("dev.jobpool.worker.output");

    /** What the pool hears from a worker; called on the worker's reader thread. */
    interface Listener {
        void received(WorkerProcess worker, Frame frame);

        void gone(WorkerProcess worker, IOException cause);
    }

    enum State { IDLE, BUSY, STOPPING }

    private final int slot;
    private final int restarts;
    private final Process process;
    private final SocketChannel channel;
    private final FrameCodec codec;
    private final DataOutputStream out;
    private final Instant startedAt = Instant.now();
    private final long spawnNanos;

    // the pool's event thread alone reads and writes these
    CpuRun run;
    int inFlight;
    String stopReason;
    /** When the unanswered PING went out ({@link System#nanoTime()}), or 0. */
    long pingSentAt;
    /** It said HEAP: it retires once its successor is ready. */
    boolean heapOverLimit;
    /** It was sent WARM_UP. */
    private boolean warmUpSent;

    // the pool's event thread owns these; volatile so views and log tags read them safely
    private volatile State state = State.IDLE;
    private volatile String jobId;
    /** The job that ran last: output that arrives just after a job ended (buffered, drained late) is still its. */
    private volatile String lastJobId;
    private volatile long jobsRun;

    WorkerProcess(int slot, int restarts, Process process, SocketChannel channel, FrameCodec codec, Listener listener,
            long spawnNanos) {
        this.slot = slot;
        this.restarts = restarts;
        this.process = process;
        this.channel = channel;
        this.codec = codec;
        this.spawnNanos = spawnNanos;
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        drain(process.getInputStream(), false);
        drain(process.getErrorStream(), true);
        Thread.ofPlatform().daemon().name("jobpool-worker-" + slot + "-reader").start(() -> read(listener));
    }

    private void read(Listener listener) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        try {
            while (true) {
                listener.received(this, codec.read(in));
            }
        } catch (IOException e) {
            listener.gone(this, e);
        }
    }

    /**
     * On a platform thread: a virtual thread blocked on a pipe holds its carrier for good, and four of them
     * (two workers, two streams each) doubled the carriers of the virtual-thread scheduler that serves every
     * HTTP request, which showed as a tenfold p99 on submissions.
     */
    private void drain(InputStream stream, boolean stderr) {
        Thread.ofPlatform().daemon().name("jobpool-worker-" + slot + (stderr ? "-stderr" : "-stdout")).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String current = jobId;
                    String job = current != null ? current : lastJobId != null ? lastJobId : "-";
                    if (stderr) {
                        output.warn("[worker {} pid {} job {}] {}", slot, pid(), job, line);
                    } else {
                        output.info("[worker {} pid {} job {}] {}", slot, pid(), job, line);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
    }

    void send(Frame frame) throws IOException {
        synchronized (out) {
            codec.write(out, frame);
        }
    }

    /**
     * Lets the worker warm its JSON mapper (WARM_UP, once), a few hundred ms of CPU beside whatever it runs: sent
     * at boot once every worker said HELLO, else when the worker is first found idle, so a replacement runs the
     * work waiting for it before it spends CPU on a mapper it may not need.
     */
    void warmUp() {
        if (!warmUpSent) {
            warmUpSent = true;
            try {
                send(Frame.of(FrameType.WARM_UP, 0));
            } catch (IOException e) {
                // the worker is going; its reader reports it gone
            }
        }
    }

    /** Kills the process now; its reader thread then reports it gone. */
    void kill() {
        state = State.STOPPING;
        process.destroyForcibly();
    }

    /** The exit code once the process ended, waiting a moment for it; null if it still runs. */
    Integer exitCode() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing worker {} channel", slot, e);
        }
    }

    int slot() {
        return slot;
    }

    int restarts() {
        return restarts;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }

    String jobId() {
        return jobId;
    }

    void jobId(String jobId) {
        this.jobId = jobId;
        if (jobId != null) {
            this.lastJobId = jobId;
        }
    }

    long jobsRun() {
        return jobsRun;
    }

    void countJob() {
        jobsRun++;
    }

    Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }

    long spawnNanos() {
        return spawnNanos;
    }

    @Override
    public String toString() {
        return "worker " + slot + " (pid " + pid() + ")";
    }
}
