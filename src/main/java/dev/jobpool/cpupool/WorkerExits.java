package dev.jobpool.cpupool;

import dev.jobpool.cpupool.protocol.ProtocolException;
import dev.jobpool.job.ErrorCode;
import dev.jobpool.job.JobError;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker JVM that left: why (its exit code or signal, a corrupt frame, a kill the pool asked for), what its
 * job gets ({@code WORKER_CRASHED} or {@code OUT_OF_MEMORY}, retried where that may help), and who takes its
 * slot. Event loop only.
 */
final class WorkerExits {

    private static final Logger log = LoggerFactory.getLogger(WorkerExits.class);
    /** {@code -XX:+ExitOnOutOfMemoryError} ends the JVM with this code. */
    private static final int OOM_EXIT_CODE = 3;

    private final Dispatcher dispatcher;
    private final WorkerSlots slots;
    private final CpuPoolProperties properties;

    WorkerExits(Dispatcher dispatcher, WorkerSlots slots, CpuPoolProperties properties) {
        this.dispatcher = dispatcher;
        this.slots = slots;
        this.properties = properties;
    }

    /** The worker's channel ended: its process is made sure to be gone, its job fails, its slot is served again. */
    void onGone(WorkerProcess worker, IOException cause) {
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
        CpuRun run = dispatcher.workerLeft(worker);
        if (run != null) {
            JobError error = crashError(worker, exit, cause, run);
            if (reason == null) {
                reason = error.code() == ErrorCode.OUT_OF_MEMORY ? "out_of_memory" : "crashed";
            }
            dispatcher.failed(run, error, error.code() == ErrorCode.WORKER_CRASHED && !(cause instanceof ProtocolException));
        }
        slots.replace(worker, reason == null ? "crashed" : reason, describeExit(exit));
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
}
